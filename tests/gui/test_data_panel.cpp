// DataPanel renders a scan: per-class counts per split, the balance bar, skipped files, recent
// folders, and a dropped folder is reported.
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUrl>

#include "class_balance_bar.h"
#include "data_panel.h"
#include "test_support.h"

class TestDataPanel : public QObject {
    Q_OBJECT
    DatasetSummary sample(const QString& root) {
        DatasetSummary d;
        d.root = root;
        d.classes = {"cats", "dogs", "owls"};
        d.splits = {{"train", true, 600, {300, 200, 100}},
                    {"valid", true, 60, {20, 20, 20}},
                    {"test", false, 7, {}}};
        d.skipped = {{"train/cats/readme.txt", "not an image"},
                     {"train/dogs/empty.jpg", "zero bytes"}};
        return d;
    }
private Q_SLOTS:
    void initTestCase() {
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_data_panel");
        QSettings().clear();
    }
    void showsCountsBalanceAndSkipped() {
        DataPanel panel;
        panel.resize(500, 600);
        panel.show();
        panel.setDataset(sample("/data/pets"));
        QTableWidget* t = panel.classTable();
        QCOMPARE(t->rowCount(), 3);
        QCOMPARE(t->columnCount(), 4);
        QCOMPARE(t->horizontalHeaderItem(1)->text(), QString("train"));
        QCOMPARE(t->item(0, 0)->text(), QString("cats"));
        QCOMPARE(t->item(0, 1)->text(), QString("300"));
        QCOMPARE(t->item(2, 2)->text(), QString("20"));
        QCOMPARE(t->item(1, 3)->text(), QString("–"));  // test/ is unlabelled
        const auto f = panel.balanceBar()->fractions();
        QCOMPARE(f.size(), 3);
        QVERIFY(qAbs(f[0] - 0.5) < 1e-9 && qAbs(f[2] - 1.0 / 6) < 1e-9);
        QVERIFY(panel.balanceBar()->toolTip().contains("owls: 100 images"));
        QCOMPARE(panel.skippedList()->topLevelItemCount(), 2);
        QCOMPARE(panel.skippedList()->topLevelItem(1)->text(1), QString("zero bytes"));
        QVERIFY(panel.summaryLabel()->text().contains("667"));
        QVERIFY(panel.summaryLabel()->text().contains("Classes: 3."));
        // The rendered bar is not blank: the first segment has the first class colour.
        const QImage img = panel.balanceBar()->grab().toImage();
        QCOMPARE(QColor(img.pixel(3, img.height() / 2)).rgb(),
                 ClassBalanceBar::classColor(0).rgb());
    }
    void remembersRecentFolders() {
        DataPanel panel;
        for (int i = 0; i < DataPanel::kMaxRecent + 3; ++i)
            panel.setFolder(QString("/d/%1").arg(i));
        panel.setFolder("/d/3");
        const QStringList recent = DataPanel().recentFolders();  // read back through QSettings
        QCOMPARE(recent.size(), DataPanel::kMaxRecent);
        QCOMPARE(recent.first(), QString("/d/3"));
        QCOMPARE(recent.count("/d/3"), 1);
    }
    void dropOfAFolderIsReported() {
        QTemporaryDir dir;
        DataPanel panel;
        panel.show();
        QSignalSpy spy(&panel, &DataPanel::folderChosen);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(dir.path())});
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&panel, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&panel, &drop);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().first().toString(), QDir(dir.path()).absolutePath());
        // A file is not a folder: refused.
        QMimeData file;
        file.setUrls({QUrl::fromLocalFile(dir.filePath("nope.txt"))});
        QDragEnterEvent enter2(QPoint(5, 5), Qt::CopyAction, &file, Qt::LeftButton, Qt::NoModifier);
        enter2.setAccepted(false);
        QCoreApplication::sendEvent(&panel, &enter2);
        QVERIFY(!enter2.isAccepted());
    }
};

FEATURELAB_TEST_MAIN(TestDataPanel)
#include "test_data_panel.moc"
