// The Training panel's ladder and the Model panel's presets fit in English and German: no
// cell, header or button narrower than its contents, the ladder not cut off by its dock. With
// FEATURELAB_SCREENSHOTS_DIR set, grabs both panels (after the conv preset) into that folder.
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include "engine_bridge.h"
#include "main_window.h"
#include "model_panel.h"
#include "recipe_data.h"
#include "test_support.h"
#include "training_panel.h"
#include "workbench.h"

class TestLadderLayout : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    /// The real demo data and MobileNet when present (what users see), else generated data.
    void load(MainWindow& w) {
        const bool shared = testsupport::haveShared();
        QString data = tmp_.filePath("data");
        if (shared)
            data = testsupport::dogscatsDir();
        else if (!QFileInfo::exists(data))
            recipedata::makeColourFolder(data, 4, 2, 0);
        const QString spec = shared ? "mobilenet_v1_0.25:" + testsupport::mobilenetWeights()
                                    : QStringLiteral("mobilenet_v1_0.25@128");
        QSignalSpy scanned(w.bridge(), &EngineBridge::scanFinished);
        w.workbench()->openFolder(data);
        QVERIFY(scanned.wait(120000));
        QString described;
        connect(w.bridge(), &EngineBridge::backboneDescribed, this,
                [&](const BackboneInfo& info) { described = info.spec; });
        w.workbench()->setBackbone(spec);
        QTRY_COMPARE_WITH_TIMEOUT(described, spec, 120000);
    }

    static void fits(QWidget* w, const QString& what) {
        QVERIFY2(w->width() >= w->sizeHint().width(),
                 qPrintable(QStringLiteral("%1: %2 px wide, needs %3")
                                .arg(what)
                                .arg(w->width())
                                .arg(w->sizeHint().width())));
    }

private Q_SLOTS:
    void fitsInEveryLanguage_data() {
        QTest::addColumn<QString>("language");
        QTest::newRow("en") << "en";
        QTest::newRow("de") << "de";
    }
    void fitsInEveryLanguage() {
        QFETCH(QString, language);
        QTranslator translator;
        if (language != "en") {
            QVERIFY(translator.load(":/i18n/featurelab_" + language));
            QCoreApplication::installTranslator(&translator);
        }
        const auto restore = qScopeGuard([&] { QCoreApplication::removeTranslator(&translator); });
        MainWindow w;
        w.resize(1600, 1000);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        load(w);
        if (QTest::currentTestFailed()) return;
        const Panels& p = w.panels();
        w.findChild<QDockWidget*>("ModelDock")->raise();
        QTest::mouseClick(p.model->findChild<QPushButton*>("preset_conv"), Qt::LeftButton);
        QCOMPARE(p.training->settings().ticked(), QStringList{"conv"});
        QVERIFY(!p.model->trainableLayerNames().isEmpty());
        QTest::qWait(100);  // layouts settle

        QTableWidget* ladder = p.training->ladder();
        QCOMPARE(ladder->rowCount(), 4);
        QVERIFY2(ladder->horizontalHeader()->length() <= ladder->viewport()->width(),
                 "the ladder is wider than its dock shows");
        for (int r = 0; r < ladder->rowCount(); ++r)
            for (int c = 0; c < ladder->columnCount(); ++c) {
                QWidget* cell = ladder->cellWidget(r, c);
                QVERIFY(cell);
                fits(cell, QStringLiteral("ladder cell %1,%2").arg(r).arg(c));
                // A spin box's text fits its field (its size hint measures only the range).
                if (auto* edit = cell->findChild<QLineEdit*>())
                    QVERIFY2(edit->width() >= edit->fontMetrics().horizontalAdvance(
                                                  edit->text() + QStringLiteral("0")),
                             qPrintable(QStringLiteral("ladder cell %1,%2 cuts '%3'")
                                            .arg(r)
                                            .arg(c)
                                            .arg(edit->text())));
                QVERIFY(ladder->rowHeight(r) >= cell->sizeHint().height());
            }
        const QFontMetrics header(ladder->horizontalHeader()->font());
        for (int c = 0; c < ladder->columnCount(); ++c) {
            const QString text = ladder->horizontalHeaderItem(c)->text();
            QVERIFY2(ladder->columnWidth(c) > header.horizontalAdvance(text),
                     qPrintable("ladder header " + text));
        }
        for (QPushButton* b : p.model->findChildren<QPushButton*>())
            if (b->isVisible()) fits(b, "Model panel button " + b->text());
        QVERIFY(!p.model->presetLabel()->text().isEmpty());
        for (QPushButton* b : p.training->findChildren<QPushButton*>())
            fits(b, "Training panel button " + b->text());

        const QString dir = qEnvironmentVariable("FEATURELAB_SCREENSHOTS_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(w.findChild<QDockWidget*>("TrainingDock")
                        ->grab()
                        .save(dir + "/training_ladder_" + language + ".png"));
            QVERIFY(w.findChild<QDockWidget*>("ModelDock")
                        ->grab()
                        .save(dir + "/model_conv_preset_" + language + ".png"));
            QVERIFY(w.grab().save(dir + "/main_window_" + language + ".png"));
        }
    }
};

FEATURELAB_TEST_MAIN(TestLadderLayout)
#include "test_ladder_layout.moc"
