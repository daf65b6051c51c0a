// The Embedding map: the scatter view with 10,000 synthetic points paints and pans without
// stalling the UI thread (figures printed); a rectangle or lasso selects exactly the points
// inside it; hover finds the nearest point; a click emits the image; the colourings and their
// availability without a run; t-SNE frames move the points; moved images follow. End to end:
// open a generated folder, compute PCA from the dock, see the points, select some, the
// gallery's "Selected on map" tab shows them and a click there opens the Inspector.
#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTranslator>
#include <algorithm>
#include <cmath>
#include <ctime>
#include <functional>

#include "e2e_support.h"
#include "embedding_map_view.h"
#include "embedding_panel.h"
#include "engine_bridge.h"
#include "gallery_model.h"
#include "gallery_panel.h"
#include "gui_test_util.h"
#include "inspector_panel.h"
#include "main_window.h"
#include "map_selection_view.h"
#include "model_panel.h"
#include "recipe_data.h"
#include "test_support.h"
#include "thumbnail_cache.h"

namespace {

double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/// n points in four Gaussian clusters (class = cluster), every seventh predicted wrong.
EmbeddingResult synthetic(int n, quint32 seed = 7) {
    QRandomGenerator rng(seed);
    EmbeddingResult r;
    r.dataDir = "/data";
    r.split = "valid";
    r.method = "pca";
    r.layer = "penultimate";
    r.classes = {"ant", "bee", "cat", "dog"};
    const QPointF centres[] = {{-5, -5}, {5, -4}, {-4, 6}, {6, 5}};
    for (int i = 0; i < n; ++i) {
        const int c = i % 4;
        const double a = rng.generateDouble() * 2 * M_PI, d = std::sqrt(rng.generateDouble()) * 3;
        r.coords << centres[c] + QPointF(d * std::cos(a), d * std::sin(a));
        PredictionItem item;
        item.displayPath = QString("valid/%1/%2.jpg").arg(r.classes[c]).arg(i, 5, 10, QChar('0'));
        item.path = "/data/" + item.displayPath;
        item.trueLabel = c;
        r.items << item;
    }
    r.featureDim = 256;
    r.explained[0] = 0.2;
    r.explained[1] = 0.1;
    return r;
}

/// The run's predictions for r's points: every seventh one wrong (the next class).
RunPredictions runFor(const EmbeddingResult& r) {
    RunPredictions run;
    run.dataDir = r.dataDir;
    run.split = r.split;
    run.classes = r.classes;
    for (int i = 0; i < r.items.size(); ++i) {
        PredictionItem p = r.items[i];
        p.predicted = i % 7 == 0 ? (p.trueLabel + 1) % 4 : p.trueLabel;
        p.probs = QVector<float>(4, 0.1f);
        p.probs[p.predicted] = 0.7f;
        run.items << p;
    }
    return run;
}

void sendMouse(QWidget* w, QEvent::Type type, const QPointF& pos, Qt::MouseButton button,
               Qt::MouseButtons buttons, Qt::KeyboardModifiers mods = Qt::NoModifier) {
    QMouseEvent e(type, pos, w->mapToGlobal(pos), button, buttons, mods);
    QApplication::sendEvent(w, &e);
}

/// A drag as a user makes it: press, moves every few pixels, release.
void drag(QWidget* w, const QPointF& from, const QPointF& to,
          Qt::KeyboardModifiers mods = Qt::NoModifier, int steps = 12) {
    sendMouse(w, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton, mods);
    for (int i = 1; i <= steps; ++i)
        sendMouse(w, QEvent::MouseMove, from + (to - from) * i / steps, Qt::NoButton,
                  Qt::LeftButton, mods);
    sendMouse(w, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton, mods);
}

void click(QWidget* w, const QPointF& at) {
    sendMouse(w, QEvent::MouseButtonPress, at, Qt::LeftButton, Qt::LeftButton);
    sendMouse(w, QEvent::MouseButtonRelease, at, Qt::LeftButton, Qt::NoButton);
}

/// An 11 x 11 grid of points at integer data coordinates 0..10, class = x % 2.
EmbeddingResult grid() {
    EmbeddingResult r = synthetic(0);
    for (int y = 0; y <= 10; ++y)
        for (int x = 0; x <= 10; ++x) {
            r.coords << QPointF(x, y);
            PredictionItem item;
            item.displayPath = QString("valid/%1/%2_%3.jpg").arg(r.classes[x % 2]).arg(x).arg(y);
            item.path = "/data/" + item.displayPath;
            item.trueLabel = x % 2;
            r.items << item;
        }
    return r;
}

}  // namespace

class TestEmbeddingMap : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("FeaturelabTest");
        QCoreApplication::setApplicationName("test_embedding_map");
        QSettings().clear();
    }

    void tenThousandPointsPanAndZoomWithoutStalling() {
        ThumbnailCache cache(QSize(96, 96));
        EmbeddingMapView view(&cache);
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const EmbeddingResult r = synthetic(10000);
        QElapsedTimer t;
        t.start();
        view.setPoints(r.classes, r.items, r.coords);
        view.repaint();
        const double firstPaint = view.lastPaintMs();
        QCOMPARE(view.count(), 10000);

        // Each step: the event (a drag move, a wheel notch, a hover move) and the paint it
        // causes, through the event loop as the user's input would go.
        enum Kind { Pan, Zoom, Hover, Kinds };
        const char* const kindNames[] = {"pan", "zoom", "hover"};
        QVector<double> wall[Kinds], cpu[Kinds], paints[Kinds];
        auto step = [&](Kind kind, const std::function<void()>& input) {
            const int before = view.paintCount();
            const double c0 = threadCpuMs();
            QElapsedTimer s;
            s.start();
            input();
            for (int i = 0; i < 20 && view.paintCount() == before; ++i)
                QCoreApplication::processEvents();
            wall[kind] << s.nsecsElapsed() / 1e6;
            cpu[kind] << threadCpuMs() - c0;
            if (view.paintCount() > before) paints[kind] << view.lastPaintMs();
        };
        e2e::StallMeter meter;
        meter.start();
        view.resetPaintStats();
        // Pan: three drags across the view and back.
        const QPointF centre(700, 450);
        for (int round = 0; round < 3; ++round) {
            step(Pan, [&] {
                sendMouse(&view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
            });
            for (int i = 1; i <= 40; ++i)
                step(Pan, [&] {
                    const QPointF at = centre + QPointF(std::sin(i / 6.0) * 300, i * 6 - 120);
                    sendMouse(&view, QEvent::MouseMove, at, Qt::NoButton, Qt::LeftButton);
                });
            step(Pan, [&] {
                sendMouse(&view, QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
            });
        }
        QVERIFY(!view.followsData());
        // Zoom: ten notches in around one point, ten out around another.
        for (int i = 0; i < 20; ++i)
            step(Zoom, [&] {
                const QPointF at = i < 10 ? QPointF(500, 300) : QPointF(900, 600);
                QWheelEvent e(at, view.mapToGlobal(at), QPoint(), QPoint(0, i < 10 ? 120 : -120),
                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
                QApplication::sendEvent(&view, &e);
            });
        // Hover: sweep the cursor over the clusters (hit test + hover card).
        view.fitToData();
        for (int i = 0; i < 40; ++i)
            step(Hover, [&] {
                sendMouse(&view, QEvent::MouseMove, QPointF(200 + i * 25, 200 + i * 12),
                          Qt::NoButton, Qt::NoButton);
            });
        meter.stop();

        auto median = [](QVector<double> v) {
            std::sort(v.begin(), v.end());
            return v.isEmpty() ? 0.0 : v[v.size() / 2];
        };
        auto worst = [](const QVector<double>& v) {
            return v.isEmpty() ? 0.0 : *std::max_element(v.begin(), v.end());
        };
        const double load = e2e::StallMeter::loadPerCore();
        qInfo("10,000 points in a 1400x900 view: first paint %.1f ms; load average per core %.2f",
              firstPaint, load);
        double worstWall = 0, worstCpu = 0;
        for (int k = 0; k < Kinds; ++k) {
            // Every pan and zoom step repaints; a hover step only when the hovered point changes.
            QVERIFY(paints[k].size() >= (k == Hover ? 5 : 20));
            qInfo(
                "  %-5s %3d steps: paint median %.2f ms, longest %.2f ms; longest step %.1f ms "
                "wall clock, %.1f ms UI-thread CPU",
                kindNames[k], int(wall[k].size()), median(paints[k]), worst(paints[k]),
                worst(wall[k]), worst(cpu[k]));
            worstWall = std::max(worstWall, worst(wall[k]));
            worstCpu = std::max(worstCpu, worst(cpu[k]));
        }
        qInfo("  event-loop stall meter (5 ms timer) over all steps: %lld ms wall, %.1f ms CPU",
              meter.worstStallMs(), meter.worstBusyMs());
        QVERIFY2(worstCpu < 50,
                 qPrintable(QString("a step kept the UI thread %1 ms").arg(worstCpu)));
        QVERIFY2(meter.worstBusyMs() < 50,
                 qPrintable(QString("the UI thread worked %1 ms between two timer ticks")
                                .arg(meter.worstBusyMs())));
        // Wall-clock figures on a machine busy with other processes measure the machine: they
        // are asserted when the load leaves this process its core (as the other stall tests).
        if (load <= 1.0) {
            QVERIFY2(worstWall < 50, qPrintable(QString("a step took %1 ms").arg(worstWall)));
            QVERIFY2(view.longestPaintMs() < 50,
                     qPrintable(QString("a paint took %1 ms").arg(view.longestPaintMs())));
        } else if (worstWall >= 50) {
            qWarning("step of %.1f ms not asserted: load average %.2f per core", worstWall, load);
        }
    }

    void rectangleAndLassoSelectExactlyThePointsInside() {
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingMapView view(&cache);
        view.resize(500, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const EmbeddingResult r = grid();
        view.setPoints(r.classes, r.items, r.coords);
        QSignalSpy selected(&view, &EmbeddingMapView::selectionMade);
        auto indexOf = [](int x, int y) { return y * 11 + x; };

        // Shift+drag over data x 2.5..6.5, y 3.5..7.5: columns 3..6 of rows 4..7, 16 points.
        QVector<int> expected;
        for (int y = 4; y <= 7; ++y)
            for (int x = 3; x <= 6; ++x) expected << indexOf(x, y);
        std::sort(expected.begin(), expected.end());
        drag(&view, view.toWidget({2.5, 7.5}), view.toWidget({6.5, 3.5}), Qt::ShiftModifier);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().first().value<QVector<int>>(), expected);
        QCOMPARE(view.highlighted(), expected);
        QCOMPARE(view.pointsIn(QRectF(view.toWidget({2.5, 7.5}), view.toWidget({6.5, 3.5}))),
                 expected);

        // The Rectangle tool selects without Shift, dragged the other way round.
        view.setTool(EmbeddingMapView::Tool::Rectangle);
        drag(&view, view.toWidget({6.5, 3.5}), view.toWidget({2.5, 7.5}));
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.last().first().value<QVector<int>>(), expected);

        // Lasso (Ctrl+drag): a triangle with corners (0.5, 0.5), (9.2, 0.5), (0.5, 9.2) holds
        // the grid points with x >= 1, y >= 1 and x + y <= 9 (none lies on its edges).
        view.setTool(EmbeddingMapView::Tool::Pan);
        const QPointF a = view.toWidget({0.5, 0.5}), b = view.toWidget({9.2, 0.5}),
                      c = view.toWidget({0.5, 9.2});
        sendMouse(&view, QEvent::MouseButtonPress, a, Qt::LeftButton, Qt::LeftButton,
                  Qt::ControlModifier);
        for (const auto& [from, to] : {std::pair{a, b}, std::pair{b, c}})
            for (int i = 1; i <= 20; ++i)
                sendMouse(&view, QEvent::MouseMove, from + (to - from) * i / 20, Qt::NoButton,
                          Qt::LeftButton, Qt::ControlModifier);
        sendMouse(&view, QEvent::MouseButtonRelease, c, Qt::LeftButton, Qt::NoButton,
                  Qt::ControlModifier);
        QVector<int> triangle;
        for (int y = 1; y <= 10; ++y)
            for (int x = 1; x <= 10; ++x)
                if (x + y <= 9) triangle << indexOf(x, y);
        std::sort(triangle.begin(), triangle.end());
        QCOMPARE(selected.count(), 3);
        QCOMPARE(selected.last().first().value<QVector<int>>(), triangle);
        QCOMPARE(triangle.size(), 36);

        // A plain drag pans: no selection, and the points move with the cursor.
        const QPointF before = view.toWidget({5, 5});
        drag(&view, {250, 250}, {300, 220});
        QCOMPARE(selected.count(), 3);
        QVERIFY((view.toWidget({5, 5}) - (before + QPointF(50, -30))).manhattanLength() < 0.01);
        // The wheel zooms around the cursor: the data point under it stays put.
        const QPointF under = view.toData({120, 340});
        const double scale = view.scale();
        QWheelEvent wheel(QPointF(120, 340), view.mapToGlobal(QPointF(120, 340)), QPoint(),
                          QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&view, &wheel);
        QVERIFY(view.scale() > scale * 1.5);
        QVERIFY((view.toWidget(under) - QPointF(120, 340)).manhattanLength() < 0.01);
        // Double-clicking the background fits every point again.
        QTest::mouseDClick(&view, Qt::LeftButton, {}, QPoint(2, 2));
        QVERIFY(view.followsData());
        for (const QPointF& p : r.coords) QVERIFY(view.rect().contains(view.toWidget(p).toPoint()));
    }

    void hoverFindsTheNearestPointAndShowsItsThumbnail() {
        const QStringList paths = guitest::writeImages(tmp_.filePath("hover"), 3, 80, 60);
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingMapView view(&cache);
        view.resize(400, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        EmbeddingResult r = synthetic(0);
        for (int i = 0; i < 3; ++i) {
            PredictionItem item;
            item.path = paths[i];
            item.displayPath = QString("valid/ant/%1.jpg").arg(i);
            item.trueLabel = 0;
            r.items << item;
        }
        r.coords = {{0, 0}, {10, 0}, {10, 10}};
        view.setPoints(r.classes, r.items, r.coords);
        QSignalSpy hover(&view, &EmbeddingMapView::hoverChanged);
        // Nearer to point 1 than to point 2, within the hit radius of both.
        const QPointF p1 = view.toWidget({10, 0}), p2 = view.toWidget({10, 10});
        QVERIFY((p2 - p1).manhattanLength() > 30);
        QCOMPARE(view.pointAt(p1 + QPointF(2, -3)), 1);
        QCOMPARE(view.pointAt((p1 + p2) / 2), -1);  // too far from both
        sendMouse(&view, QEvent::MouseMove, p1 + QPointF(2, -3), Qt::NoButton, Qt::NoButton);
        QCOMPARE(view.hoveredPoint(), 1);
        QCOMPARE(hover.count(), 1);
        // The card's thumbnail decodes off the UI thread; when it lands the view repaints.
        const int paints = view.paintCount();
        QTRY_VERIFY(!cache.thumbnail(paths[1]).isNull());
        QTRY_VERIFY(view.paintCount() > paints);
        sendMouse(&view, QEvent::MouseMove, p2 + QPointF(-1, 1), Qt::NoButton, Qt::NoButton);
        QCOMPARE(view.hoveredPoint(), 2);
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(&view, &leave);
        QCOMPARE(view.hoveredPoint(), -1);
    }

    void clickOpensAndSelectionSendsThePaths() {
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingPanel panel(&cache);
        panel.resize(700, 600);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const EmbeddingResult r = grid();
        panel.setResult(r);
        QTest::qWait(50);  // the legend's first line takes its room from the map
        EmbeddingMapView* view = panel.view();
        QSignalSpy open(&panel, &EmbeddingPanel::openRequested);
        click(view, view->toWidget({3, 8}) + QPointF(1, 1));
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().value<PredictionItem>().path, r.items[8 * 11 + 3].path);
        QCOMPARE(open.first()[1].toStringList(), r.classes);
        click(view, view->toWidget({3.5, 8.5}));  // between points: nothing
        QCOMPARE(open.count(), 1);

        QSignalSpy picked(&panel, &EmbeddingPanel::pointsSelected);
        QTest::mouseClick(panel.toolButton(EmbeddingMapView::Tool::Rectangle), Qt::LeftButton);
        QCOMPARE(view->tool(), EmbeddingMapView::Tool::Rectangle);
        drag(view, view->toWidget({-0.5, 10.5}), view->toWidget({1.5, 7.5}));
        QCOMPARE(picked.count(), 1);
        QStringList paths;
        for (const PredictionItem& item : picked.first().first().value<QVector<PredictionItem>>())
            paths << item.displayPath;
        std::sort(paths.begin(), paths.end());
        QCOMPARE(paths,
                 QStringList({"valid/ant/0_10.jpg", "valid/ant/0_8.jpg", "valid/ant/0_9.jpg",
                              "valid/bee/1_10.jpg", "valid/bee/1_8.jpg", "valid/bee/1_9.jpg"}));
        QVERIFY(panel.statusLabel()->text().contains("Images selected: 6."));
    }

    void colouringsFollowTheRunsPredictions() {
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingPanel panel(&cache);
        panel.resize(700, 600);
        panel.show();
        const EmbeddingResult r = synthetic(700);
        panel.setResult(r);
        EmbeddingMapView* view = panel.view();
        auto* model = qobject_cast<QStandardItemModel*>(panel.colourBox()->model());
        // No run: predicted and wrong are greyed out, saying why.
        QVERIFY(!model->item(1)->isEnabled());
        QVERIFY(!model->item(2)->isEnabled());
        QVERIFY(model->item(2)->toolTip().contains("No run"));
        for (int i : {0, 1, 2, 3}) QCOMPARE(view->colourOf(i), EmbeddingMapView::classColour(i));
        QVERIFY(panel.legendLabel()->text().contains("ant&nbsp;(175)"));

        panel.setRunPredictions(runFor(r));
        QVERIFY(model->item(1)->isEnabled());
        QVERIFY(model->item(2)->isEnabled());
        QVERIFY(panel.predictionsUnavailable().isEmpty());
        panel.colourBox()->setCurrentIndex(1);  // predicted class
        QCOMPARE(view->colouring(), EmbeddingMapView::Colouring::Predicted);
        QCOMPARE(view->colourOf(0), EmbeddingMapView::classColour(1));  // 0 is wrong: ant -> bee
        QCOMPARE(view->colourOf(1), EmbeddingMapView::classColour(1));
        panel.colourBox()->setCurrentIndex(2);  // wrong
        QCOMPARE(view->colourOf(0), EmbeddingMapView::wrongColour());
        QCOMPARE(view->colourOf(1), EmbeddingMapView::correctColour());
        QCOMPARE(view->colourOf(7), EmbeddingMapView::wrongColour());
        QVERIFY2(panel.legendLabel()->text().contains("wrong&nbsp;(100)"),
                 qPrintable(panel.legendLabel()->text()));
        QVERIFY(panel.legendLabel()->text().contains("correct&nbsp;(600)"));

        // The run's predictions are for valid/: a train/ map cannot use them.
        EmbeddingResult train = r;
        train.split = "train";
        panel.setResult(train);
        QCOMPARE(view->colouring(), EmbeddingMapView::Colouring::TrueClass);
        QVERIFY(!model->item(2)->isEnabled());
        QVERIFY(panel.predictionsUnavailable().contains("valid/ only"));
        QCOMPARE(view->items()[0].predicted, -1);
        // Nor can a run on another data folder.
        RunPredictions other = runFor(r);
        other.dataDir = "/elsewhere";
        panel.setResult(r);
        panel.setRunPredictions(other);
        QVERIFY(panel.predictionsUnavailable().contains("another data folder"));
    }

    void tsneFramesMoveThePoints() {
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingPanel panel(&cache);
        panel.resize(700, 600);
        panel.show();
        EmbeddingResult r = synthetic(400);
        // A first t-SNE of a split: frames have no labels yet, the points are grey.
        panel.setComputing("valid", "tsne");
        EmbeddingFrameUpdate f;
        f.iteration = 25;
        f.iterations = 1000;
        f.exaggerated = true;
        for (int i = 0; i < 400; ++i) f.coords << QPointF(i % 20, i / 20);
        panel.setFrame(f);
        QCOMPARE(panel.view()->count(), 400);
        QCOMPARE(panel.view()->colourOf(3), EmbeddingMapView::unknownColour());
        QVERIFY(panel.statusLabel()->text().contains("iteration 25 of 1000"));
        f.iteration = 50;
        f.coords[0] = QPointF(100, 100);
        panel.setFrame(f);
        QCOMPARE(panel.view()->coordinates()[0], QPointF(100, 100));
        r.method = "tsne";
        panel.setResult(r);
        QCOMPARE(panel.view()->colourOf(3), EmbeddingMapView::classColour(3));
        QCOMPARE(panel.view()->coordinates()[0], r.coords[0]);
        // The same split again: its frames keep the known colours while they move.
        panel.setComputing("valid", "tsne");
        f.iteration = 25;
        panel.setFrame(f);
        QCOMPARE(panel.view()->coordinates()[0], QPointF(100, 100));
        QCOMPARE(panel.view()->colourOf(3), EmbeddingMapView::classColour(3));
        // Another split's frames do not borrow them.
        panel.setResult(r);
        panel.setComputing("train", "tsne");
        panel.setFrame(f);
        QCOMPARE(panel.view()->colourOf(3), EmbeddingMapView::unknownColour());
    }

    void movedImagesFollow() {
        ThumbnailCache cache(QSize(64, 64));
        EmbeddingPanel panel(&cache);
        panel.resize(600, 500);
        panel.show();
        const EmbeddingResult r = synthetic(8);
        panel.setResult(r);
        // Point 0 (valid/ant) moved into bee/, point 1 quarantined.
        panel.relocate("/data", {{r.items[0].displayPath, "valid/bee/moved.jpg"},
                                 {r.items[1].displayPath, ".featurelab/quarantine/x.jpg"}});
        QCOMPARE(panel.view()->count(), 7);
        QCOMPARE(panel.items()[0].trueLabel, 1);
        QCOMPARE(panel.items()[0].path, QString("/data/valid/bee/moved.jpg"));
        QCOMPARE(panel.items()[1].displayPath, r.items[2].displayPath);
        // Moves in another folder change nothing.
        panel.relocate("/other", {{r.items[2].displayPath, "valid/ant/x.jpg"}});
        QCOMPARE(panel.items()[1].displayPath, r.items[2].displayPath);
    }

    void computesPcaAndSelectsIntoTheGallery() {
        const QString data = tmp_.filePath("colours");
        recipedata::makeColourFolder(data, 12, 30, 0);
        qputenv("XDG_CACHE_HOME", tmp_.filePath("cache").toUtf8());
        MainWindow w;
        w.resize(1500, 950);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy described(w.bridge(), &EngineBridge::backboneDescribed);
        w.workbench()->setBackbone("resnet18@32");
        QVERIFY(described.wait(60000));
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(30000));
        QTRY_VERIFY(!w.bridge()->isBusy());

        // Ctrl+M shows the dock.
        QDockWidget* dock = w.findChild<QDockWidget*>("EmbeddingDock");
        QVERIFY(dock);
        QCOMPARE(w.action("actionEmbeddingMap")->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_M));
        w.action("actionEmbeddingMap")->trigger();
        QTRY_VERIFY(p.embedding->isVisible());
        EmbeddingPanel* map = p.embedding;
        QCOMPARE(map->splitBox()->currentData().toString(), QString("valid"));
        map->methodBox()->setCurrentIndex(map->methodBox()->findData("pca"));
        QSignalSpy computed(w.bridge(), &EngineBridge::embeddingComputed);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        QTest::mouseClick(map->computeButton(), Qt::LeftButton);
        QVERIFY(!map->computeButton()->isEnabled());  // one job at a time
        QTRY_VERIFY_WITH_TIMEOUT(!computed.isEmpty() || !failed.isEmpty(), 120000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first()[1].toString()));
        QTRY_VERIFY(map->computeButton()->isEnabled());
        QCOMPARE(map->view()->count(), 60);
        QCOMPARE(map->result().classes, QStringList({"blue", "red"}));
        QVERIFY(map->statusLabel()->text().contains("PCA of valid/"));
        // No run yet: colouring by prediction is unavailable.
        QVERIFY(!map->predictionsUnavailable().isEmpty());

        // Select every point: the gallery's Selected on map tab shows all 60.
        map->view()->fitToData();
        QTest::mouseClick(map->toolButton(EmbeddingMapView::Tool::Rectangle), Qt::LeftButton);
        drag(map->view(), {1, 1}, QPointF(map->view()->width() - 2, map->view()->height() - 2));
        MapSelectionView* picked = p.gallery->mapSelectionView();
        QCOMPARE(p.gallery->currentView(), GalleryPanel::MapSelection);
        QCOMPARE(p.gallery->tabBar()->tabText(GalleryPanel::MapSelection),
                 QString("Selected on map"));
        QCOMPARE(picked->items().size(), 60);
        QCOMPARE(picked->model()->rowCount(), 60);
        QVERIFY(picked->isVisible());
        QVERIFY(picked->summaryLabel()->text().contains(
            "Images selected on the Embedding map: 60 (in valid/)"));
        QCOMPARE(picked->model()->index(0).data().toString(),
                 map->result().classes[picked->items()[0].trueLabel]);
        // A click on a thumbnail opens it in the Inspector; so does a click on the map.
        QListView* list = picked->listView();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, Qt::NoModifier,
                          list->visualRect(picked->model()->index(2)).center());
        QCOMPARE(p.inspector->currentPath(), picked->items()[2].path);
        QVERIFY(!p.inspector->image().isNull());
        const PredictionItem& first = map->items()[0];
        click(map->view(), map->view()->toWidget(map->view()->coordinates()[0]));
        QCOMPARE(p.inspector->currentPath(), first.path);
    }

    // Real photos and the real MobileNet: a short run opened, t-SNE of valid/ computed from the
    // dock with its frames moving the points, coloured by true class and by wrong predictions.
    // screenshots.sh passes the whole folder (FEATURELAB_EMBEDDING_DATA) and a run on it
    // (FEATURELAB_EMBEDDING_RUN) and sets FEATURELAB_SCREENSHOTS_DIR to write the README's
    // screenshot (FEATURELAB_SHOT_LANG=de: the German one); without them a subset and a
    // one-epoch run are made here.
    void realPhotosTsne() {
        SKIP_WITHOUT_SHARED();
        QString data = qEnvironmentVariable("FEATURELAB_EMBEDDING_DATA");
        QString run = qEnvironmentVariable("FEATURELAB_EMBEDDING_RUN");
        if (data.isEmpty()) {
            data = tmp_.filePath("dogscats");
            QVERIFY(recipedata::linkDogsCats(testsupport::dogscatsDir(), data, 20, 40));
        }
        if (run.isEmpty()) {
            run = tmp_.filePath("real-run");
            const auto r = testsupport::runCli(
                {"recipe", "--data", data, "--backbone",
                 "mobilenet_v1_0.25:" + testsupport::mobilenetWeights(), "--stages", "linear",
                 "--epochs", "1", "--quiet", "--out", run});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        const QString lang = qEnvironmentVariable("FEATURELAB_SHOT_LANG");
        QTranslator german;
        if (lang == "de") {
            QVERIFY(german.load(":/i18n/featurelab_de"));
            QCoreApplication::installTranslator(&german);
        }
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        const Panels& p = w.panels();
        QSignalSpy described(w.bridge(), &EngineBridge::backboneDescribed);
        w.workbench()->setBackbone("mobilenet_v1_0.25:" + testsupport::mobilenetWeights());
        QVERIFY(described.wait(60000));
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(60000));
        QTRY_VERIFY(!w.bridge()->isBusy());
        QSignalSpy opened(w.bridge(), &EngineBridge::runOpened);
        w.workbench()->openRun(run);
        QVERIFY(opened.wait(60000));
        QTRY_VERIFY(!w.bridge()->isBusy());

        w.action("actionEmbeddingMap")->trigger();
        EmbeddingPanel* map = p.embedding;
        QTRY_VERIFY(map->isVisible());
        map->methodBox()->setCurrentIndex(map->methodBox()->findData("tsne"));
        QCOMPARE(map->splitBox()->currentData().toString(), QString("valid"));
        QSignalSpy frames(w.bridge(), &EngineBridge::embeddingFrame);
        QSignalSpy computed(w.bridge(), &EngineBridge::embeddingComputed);
        QSignalSpy failed(w.bridge(), &EngineBridge::failed);
        e2e::StallMeter meter;
        meter.start();
        QElapsedTimer clock;
        clock.start();
        QTest::mouseClick(map->computeButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!computed.isEmpty() || !failed.isEmpty(), 900000);
        meter.stop();
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first()[1].toString()));
        const EmbeddingResult& r = map->result();
        qInfo(
            "t-SNE of %d real photos: %.1f s in the engine (%.1f s to the map), %d frames "
            "shown; longest event-loop stall meanwhile %lld ms wall, %.1f ms UI-thread CPU",
            int(r.items.size()), r.seconds, clock.elapsed() / 1000.0, int(frames.size()),
            meter.worstStallMs(), meter.worstBusyMs());
        QVERIFY(!frames.isEmpty());  // the map moved while t-SNE converged
        QVERIFY(meter.worstBusyMs() < 50);
        QCOMPARE(r.method, QString("tsne"));
        QCOMPARE(map->view()->count(), int(r.items.size()));
        QVERIFY(r.items.size() >= 80);
        // The opened run's validation predictions colour the map.
        QVERIFY2(map->predictionsUnavailable().isEmpty(),
                 qPrintable(map->predictionsUnavailable()));
        int predicted = 0, wrong = 0;
        for (const PredictionItem& item : map->items()) {
            predicted += item.predicted >= 0;
            wrong += item.predicted >= 0 && item.predicted != item.trueLabel;
        }
        QCOMPARE(predicted, int(r.items.size()));
        qInfo("%d of %d predicted wrong by the run", wrong, predicted);

        const QString shots = qEnvironmentVariable("FEATURELAB_SCREENSHOTS_DIR");
        if (shots.isEmpty()) return;
        // English: coloured by true class; German: by wrong predictions. Both with a group of
        // points sent to the gallery and the card of one hovered point.
        if (lang == "de") map->colourBox()->setCurrentIndex(2);
        for (QDockWidget* d : w.findChildren<QDockWidget*>())
            if (d->objectName() != "EmbeddingDock" && d->objectName() != "GalleryDock" &&
                d->objectName() != "InspectorDock")
                d->hide();
        w.resize(1500, 1050);
        QTest::qWait(300);
        EmbeddingMapView* view = map->view();
        view->fitToData();
        // The hovered point: a wrong one at the edge of its cluster (the first in path order).
        int shown = 0;
        for (int i = 0; i < map->items().size(); ++i)
            if (map->items()[i].predicted != map->items()[i].trueLabel) {
                shown = i;
                break;
            }
        const QPointF at = view->toWidget(view->coordinates()[shown]);
        QTest::mouseClick(map->toolButton(EmbeddingMapView::Tool::Rectangle), Qt::LeftButton);
        drag(view, at - QPointF(40, 30), at + QPointF(40, 30));
        QCOMPARE(p.gallery->currentView(), GalleryPanel::MapSelection);
        click(p.gallery->mapSelectionView()->listView()->viewport(),
              p.gallery->mapSelectionView()
                  ->listView()
                  ->visualRect(p.gallery->mapSelectionView()->model()->index(0))
                  .center());
        sendMouse(view, QEvent::MouseMove, at, Qt::NoButton, Qt::NoButton);
        QTest::qWait(1500);  // thumbnails decode off the UI thread
        QDir().mkpath(shots);
        QVERIFY(w.grab().save(
            shots + "/embedding_map" + (lang.isEmpty() ? QString() : "_" + lang) + ".png", "PNG"));
    }
};

FEATURELAB_TEST_MAIN(TestEmbeddingMap)
#include "test_embedding_map.moc"
