// Generated data folders for the relabel tests and a snapshot of every file in one (path ->
// SHA-256 of its bytes), to check each file's place and content after every step.
#pragma once

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QMap>
#include <QString>

#include "recipe_data.h"

namespace relabeltest {

using Tree = QMap<QString, QByteArray>;

/// root/train/{blue,red}/{blue,red}_{0,1,2}.bmp, root/valid/{blue,red}/..._{0,1}.bmp and
/// root/test/{1,2}.bmp: 12 images, all different, no name twice in a split.
inline void makeData(const QString& root, quint32 seed = 7) {
    recipedata::makeColourFolder(root, 3, 2, 2, seed);
    for (const QString split : {"train", "valid"})
        for (const QString cls : {"blue", "red"}) {
            QDir dir(root + "/" + split + "/" + cls);
            for (const QString& name : dir.entryList(QDir::Files))
                dir.rename(name, cls + "_" + name);
        }
}

/// Every file under root (hidden ones included, links not followed), relative path -> SHA-256,
/// except the journal itself, whose bytes change with every step (a temporary left behind
/// shows up as an unexpected file).
inline Tree snapshot(const QString& root) {
    Tree t;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(root).relativeFilePath(path);
        if (rel == QStringLiteral(".featurelab/journal.json")) continue;
        QFile f(path);
        QByteArray sum = "unreadable";
        if (f.open(QIODevice::ReadOnly))
            sum = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
        t.insert(rel, sum);
    }
    return t;
}

/// expected with the file at from renamed to to (the content travels with it).
inline void moveIn(Tree& expected, const QString& from, const QString& to) {
    Q_ASSERT(expected.contains(from) && !expected.contains(to));
    expected.insert(to, expected.take(from));
}

/// The first difference between two snapshots, for QVERIFY2 ("" when equal).
inline QString difference(const Tree& actual, const Tree& expected) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
        if (!actual.contains(it.key())) return QStringLiteral("missing ") + it.key();
        if (actual.value(it.key()) != it.value()) return QStringLiteral("changed ") + it.key();
    }
    for (auto it = actual.begin(); it != actual.end(); ++it)
        if (!expected.contains(it.key())) return QStringLiteral("unexpected ") + it.key();
    return QString();
}

}  // namespace relabeltest
