// Data safety (issue 16, item 6): a full recipe and an extract leave the user's data folder
// exactly as they found it: same files, sizes and SHA-256, and nothing new inside it.
#include <QCryptographicHash>
#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

#include "featurelab/error.h"
#include "featurelab/features.h"
#include "featurelab/recipe.h"
#include "recipe_data.h"
#include "test_support.h"

namespace {

/// Every entry under root (hidden ones and folders too) -> "size sha256" ("dir" for folders,
/// "link -> target" for symlinks, which are not followed).
QMap<QString, QString> snapshot(const QString& root) {
    QMap<QString, QString> m;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    const QDir base(root);
    while (it.hasNext()) {
        const QString path = it.next();
        const QFileInfo fi = it.fileInfo();
        const QString rel = base.relativeFilePath(path);
        if (fi.isSymLink()) {
            m.insert(rel, QStringLiteral("link -> ") + fi.symLinkTarget());
        } else if (fi.isDir()) {
            m.insert(rel, QStringLiteral("dir"));
        } else {
            QFile f(path);
            QCryptographicHash h(QCryptographicHash::Sha256);
            if (f.open(QIODevice::ReadOnly)) h.addData(&f);
            m.insert(rel, QString::number(fi.size()) + QLatin1Char(' ') +
                              QString::fromLatin1(h.result().toHex()));
        }
    }
    return m;
}

/// A readable list of what differs between two snapshots (empty when equal).
QString difference(const QMap<QString, QString>& before, const QMap<QString, QString>& after) {
    QStringList lines;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!after.contains(it.key()))
            lines << QStringLiteral("removed: ") + it.key();
        else if (after.value(it.key()) != it.value())
            lines << QStringLiteral("changed: ") + it.key();
    }
    for (auto it = after.begin(); it != after.end(); ++it)
        if (!before.contains(it.key())) lines << QStringLiteral("new: ") + it.key();
    return lines.join(QStringLiteral("; "));
}

}  // namespace

class TestDataFolderUntouched : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString data_;
    QMap<QString, QString> before_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // The default cache goes to the per-user cache: point it into the temp folder so the
        // test never writes to the real home.
        qputenv("XDG_CACHE_HOME", dir_.filePath(QStringLiteral("xdg-cache")).toLocal8Bit());
        data_ = dir_.filePath(QStringLiteral("data"));
        recipedata::makeColourFolder(data_, 8, 4, 4);
        before_ = snapshot(data_);
        QCOMPARE(before_.size(), 8 * 2 + 4 * 2 + 4 + 2 * 2 + 3);  // files + class/split folders
    }

    // Every stage, with the cache elsewhere: the recipe itself never writes into the data.
    void recipeWithExplicitCacheLeavesDataAlone() {
        const auto cfg = recipedata::tinyRecipe(data_, dir_.filePath(QStringLiteral("run-a")),
                                                dir_.filePath(QStringLiteral("cache-a")),
                                                {"linear", "last", "dense", "conv"}, 1);
        const auto result = featurelab::runRecipe(cfg);
        QCOMPARE(result.stages.size(), std::size_t(4));
        QCOMPARE(difference(before_, snapshot(data_)), QString());
        QVERIFY(!QDir(dir_.filePath(QStringLiteral("cache-a"))).isEmpty());
    }

    // The default cache location (empty cacheDir) must not be inside the data folder either.
    void recipeWithDefaultCacheLeavesDataAlone() {
        const auto cfg = recipedata::tinyRecipe(data_, dir_.filePath(QStringLiteral("run-b")),
                                                QString(), {"linear", "last", "dense", "conv"}, 1);
        const auto result = featurelab::runRecipe(cfg);
        QCOMPARE(result.stages.size(), std::size_t(4));
        QCOMPARE(difference(before_, snapshot(data_)), QString());
    }

    void extractWithDefaultCacheLeavesDataAlone() {
        featurelab::ExtractOptions o;
        o.dataDir = data_.toStdString();
        o.backbone = "resnet18@32";
        o.workers = 1;
        o.batchSize = 8;
        const auto s = featurelab::extractFeatures(o);
        QCOMPARE(s.splits.size(), std::size_t(3));
        QVERIFY(!s.cacheFile.empty());
        // The cache file itself lives outside the data folder.
        const QString cache = QFileInfo(QString::fromStdString(s.cacheFile)).absoluteFilePath();
        QVERIFY2(!cache.startsWith(QFileInfo(data_).absoluteFilePath() + QLatin1Char('/')),
                 qPrintable(cache));
        QCOMPARE(difference(before_, snapshot(data_)), QString());
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestDataFolderUntouched)
#include "test_data_folder_untouched.moc"
