// GalleryPanel: tabs show their index lists with probability captions; thumbnails load lazily
// off the UI thread; 2,400 items scroll without a long stall; a confusion cell fills its tab;
// stepping moves the selection.
#include "e2e_support.h"
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <numeric>

#include "gallery_model.h"
#include "gallery_panel.h"
#include "gui_test_util.h"
#include "thumbnail_cache.h"
#include "test_support.h"

class TestGalleryPanel : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QStringList paths_;
private Q_SLOTS:
    void initTestCase() { paths_ = guitest::writeImages(dir_.filePath("imgs"), 2400, 96, 72); }

    void captionsAndTabs() {
        GalleryPanel panel;
        const auto preds = guitest::predictions(paths_.mid(0, 11));
        panel.setPredictions({"cats", "dogs"}, preds);
        panel.setView(GalleryPanel::RandomCorrect, {0, 10});
        panel.setView(GalleryPanel::RandomIncorrect, {1});
        QCOMPARE(panel.currentIndices(), (QVector<int>{0, 10}));
        QCOMPARE(panel.model()->index(1).data().toString(), QString("dogs 100.0%"));
        QCOMPARE(panel.model()->index(0).data().toString(), QString("cats 100.0%"));
        panel.setCurrentView(GalleryPanel::RandomIncorrect);
        QCOMPARE(panel.currentIndices(), QVector<int>{1});
        QVERIFY(panel.model()
                    ->index(0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains("true: dogs, predicted: cats"));
        panel.showCell(1, 0, {1, 3});
        QCOMPARE(panel.currentView(), GalleryPanel::Cell);
        QCOMPARE(panel.currentIndices(), (QVector<int>{1, 3}));
        QVERIFY(
            panel.tabBar()->tabText(GalleryPanel::Cell).contains("true dogs / predicted cats (2)"));
        QSignalSpy sel(&panel, &GalleryPanel::predictionSelected);
        panel.selectRow(0);
        panel.step(1);
        panel.step(1);  // clamps at the end
        QCOMPARE(sel.count(), 2);
        QCOMPARE(sel.last().first().toInt(), 3);
        QCOMPARE(panel.selectedPrediction(), 3);
    }

    void twoThousandItemsScrollSmoothly() {
        GalleryPanel panel;
        panel.resize(800, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const auto preds = guitest::predictions(paths_);
        panel.setPredictions({"cats", "dogs"}, preds);
        QVector<int> all(preds.size());
        std::iota(all.begin(), all.end(), 0);
        QElapsedTimer t;
        t.start();
        panel.setView(GalleryPanel::RandomCorrect, all);
        QCoreApplication::processEvents();
        QVERIFY2(t.elapsed() < 500, qPrintable(QString("setView took %1 ms").arg(t.elapsed())));
        QCOMPARE(panel.model()->rowCount(), 2400);
        // Lazy: only the visible page is requested, and it arrives from the pool.
        QSignalSpy ready(panel.cache(), &ThumbnailCache::ready);
        panel.listView()->viewport()->repaint();
        QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0, 5000);
        QVERIFY2(panel.cache()->cachedCount() + panel.cache()->pendingCount() < 400,
                 "thumbnails were requested for rows that are not visible");
        const QImage thumb = panel.model()->index(0).data(Qt::DecorationRole).value<QImage>();
        QTRY_VERIFY(!panel.model()->index(0).data(Qt::DecorationRole).value<QImage>().isNull());
        QVERIFY(panel.model()->index(0).data(Qt::DecorationRole).value<QImage>().width() <= 112);
        Q_UNUSED(thumb);
        // Scroll through the whole list, painting each step; no step may stall.
        QScrollBar* bar = panel.listView()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        qint64 worst = 0;
        for (int i = 0; i <= 40; ++i) {
            t.restart();
            bar->setValue(bar->maximum() * i / 40);
            panel.listView()->viewport()->repaint();
            QCoreApplication::processEvents();
            worst = qMax(worst, t.elapsed());
        }
        qInfo("worst scroll step with 2400 items: %lld ms", worst);
        // Wall-clock steps on a machine busy with other processes measure the machine, not the
        // view: assert only when the load leaves this process its core (as the e2e stall test).
        const double load = e2e::StallMeter::loadPerCore();
        if (load <= 1.0)
            QVERIFY2(worst < 50, qPrintable(QString("a scroll step took %1 ms").arg(worst)));
        else
            qWarning("scroll step of %lld ms not asserted: load average %.2f per core", worst, load);
    }
};

FEATURELAB_TEST_MAIN(TestGalleryPanel)
#include "test_gallery_panel.moc"
