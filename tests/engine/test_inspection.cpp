// Inspection on a hand-built probability table: confusion, reports, the five views, CSV text.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <set>

#include "featurelab/error.h"
#include "featurelab/inspection.h"
#include "inspection/evaluation.h"
#include "test_support.h"

using namespace featurelab;
using Indices = std::vector<std::size_t>;
Q_DECLARE_METATYPE(Indices)

namespace {

const std::vector<std::string> kClasses{"a", "b", "c"};

PredictionRow row(const std::string& path, int truth, std::vector<float> probs) {
    PredictionRow r;
    r.path = path;
    r.trueLabel = truth;
    r.probs = std::move(probs);
    r.predicted = argmaxLabel(r.probs);
    return r;
}

// Nine labelled rows (5 correct) and one unlabelled. Margins: r5 .02 < r4 .05 < r7 = r8 .10.
std::vector<PredictionRow> table() {
    return {
        row("r0.jpg", 0, {.90f, .05f, .05f}),   // a -> a
        row("r1.jpg", 0, {.60f, .30f, .10f}),   // a -> a
        row("r2.jpg", 0, {.20f, .70f, .10f}),   // a -> b
        row("r3.jpg", 1, {.10f, .80f, .10f}),   // b -> b
        row("r4.jpg", 1, {.45f, .40f, .15f}),   // b -> a
        row("r5.jpg", 1, {.30f, .36f, .34f}),   // b -> b
        row("r6.jpg", 2, {.05f, .15f, .80f}),   // c -> c
        row("r7.jpg", 2, {.50f, .10f, .40f}),   // c -> a
        row("r8.jpg", 2, {.10f, .50f, .40f}),   // c -> b
        row("u9.jpg", -1, {.50f, .25f, .25f}),  // unlabelled
    };
}

QString readAll(const QString& file) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(f.readAll());
}

}  // namespace

class TestInspection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void confusionAndReports() {
        const auto rows = table();
        const ConfusionMatrix cm = confusionMatrix(rows, kClasses);
        const std::vector<std::vector<std::int64_t>> expected{{2, 1, 0}, {1, 2, 0}, {1, 1, 1}};
        QVERIFY(cm.counts == expected);
        QCOMPARE(accuracy(rows), 5.0 / 9.0);
        const auto rep = classReports(cm);
        QCOMPARE(rep.size(), std::size_t(3));
        QCOMPARE(rep[0].precision, 0.5);
        QCOMPARE(rep[0].recall, 2.0 / 3.0);
        QCOMPARE(rep[0].f1, 2 * 0.5 * (2.0 / 3.0) / (0.5 + 2.0 / 3.0));
        QCOMPARE(rep[2].precision, 1.0);
        QCOMPARE(rep[2].recall, 1.0 / 3.0);
        QCOMPARE(rep[2].f1, 0.5);
        QCOMPARE(rep[1].support, std::int64_t(3));
        QCOMPARE(cellMembers(rows, 2, 0), Indices({7}));
        QCOMPARE(cellMembers(rows, 0, 1), Indices({2}));
        QCOMPARE(cellMembers(rows, 2, 2), Indices({6}));
        QCOMPARE(cellMembers(rows, 1, 2), Indices());
    }

    void badLabelThrows() {
        auto rows = table();
        rows[0].trueLabel = 5;
        QVERIFY_THROWS_EXCEPTION(Error, confusionMatrix(rows, kClasses));
    }

    void views_data() {
        QTest::addColumn<QString>("view");
        QTest::addColumn<int>("k");
        QTest::addColumn<Indices>("expected");
        QTest::newRow("confident correct a") << "cc0" << 2 << Indices{0, 1};
        QTest::newRow("confident correct b") << "cc1" << 2 << Indices{3, 5};
        QTest::newRow("confident correct b k1") << "cc1" << 1 << Indices{3};
        QTest::newRow("confident correct c") << "cc2" << 2 << Indices{6};
        QTest::newRow("confident wrong as a") << "cw0" << 2 << Indices{7, 4};
        QTest::newRow("confident wrong as b") << "cw1" << 3 << Indices{2, 8};
        QTest::newRow("confident wrong as c") << "cw2" << 2 << Indices{};
        QTest::newRow("uncertain k2") << "un" << 2 << Indices{5, 4};
        QTest::newRow("uncertain k4 ties in row order") << "un" << 4 << Indices{5, 4, 7, 8};
        QTest::newRow("uncertain k5 includes unlabelled") << "un" << 5 << Indices{5, 4, 7, 8, 9};
        QTest::newRow("random correct, k above pool") << "rc" << 9 << Indices{0, 1, 3, 5, 6};
        QTest::newRow("random incorrect, k above pool") << "ri" << 9 << Indices{2, 4, 7, 8};
    }
    void views() {
        QFETCH(QString, view);
        QFETCH(int, k);
        QFETCH(Indices, expected);
        const auto v = inspectionViews(table(), 3, static_cast<std::size_t>(k), 7);
        QCOMPARE(v.mostConfidentCorrect.size(), std::size_t(3));
        QCOMPARE(v.mostConfidentWrong.size(), std::size_t(3));
        Indices got;
        if (view.startsWith("cc")) got = v.mostConfidentCorrect[view.mid(2).toUInt()];
        if (view.startsWith("cw")) got = v.mostConfidentWrong[view.mid(2).toUInt()];
        if (view == "un") got = v.mostUncertain;
        if (view == "rc") got = v.randomCorrect;
        if (view == "ri") got = v.randomIncorrect;
        QCOMPARE(got, expected);
    }

    void randomViewsAreSeededSubsets() {
        const auto rows = table();
        const auto a = inspectionViews(rows, 3, 2, 11);
        const auto b = inspectionViews(rows, 3, 2, 11);
        QCOMPARE(a.randomCorrect, b.randomCorrect);
        QCOMPARE(a.randomIncorrect, b.randomIncorrect);
        QCOMPARE(a.randomCorrect.size(), std::size_t(2));
        QVERIFY(a.randomCorrect[0] < a.randomCorrect[1]);
        for (std::size_t i : a.randomCorrect) QCOMPARE(rows[i].predicted, rows[i].trueLabel);
        for (std::size_t i : a.randomIncorrect) QVERIFY(rows[i].predicted != rows[i].trueLabel);
        // Over many seeds every correct row gets picked at some point: the pick is not fixed.
        std::set<std::size_t> seen;
        for (std::uint64_t s = 0; s < 64; ++s)
            for (std::size_t i : inspectionViews(rows, 3, 2, s).randomCorrect) seen.insert(i);
        QCOMPARE(seen, (std::set<std::size_t>{0, 1, 3, 5, 6}));
    }

    void csv_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<double>("clip");
        QTest::addColumn<QString>("expected");
        QTest::newRow("predictions with true") << "pred_true" << 0.0
                                               << "path,true,predicted,a,b,c\n"
                                                  "r0.jpg,a,a,0.900000,0.050000,0.050000\n"
                                                  "\"dir/x,y.jpg\",a,b,0.200000,0.700000,0.100000\n"
                                                  "u9.jpg,,a,0.500000,0.250000,0.250000\n";
        QTest::newRow("predictions") << "pred" << 0.0
                                     << "path,predicted,a,b,c\n"
                                        "r0.jpg,a,0.900000,0.050000,0.050000\n"
                                        "\"dir/x,y.jpg\",b,0.200000,0.700000,0.100000\n"
                                        "u9.jpg,a,0.500000,0.250000,0.250000\n";
        QTest::newRow("confusion")
            << "confusion" << 0.0 << "true\\predicted,a,b,c\na,2,1,0\nb,1,2,0\nc,1,1,1\n";
        QTest::newRow("submission 3 classes")
            << "sub3" << 0.0
            << "id,a,b,c\nr0,0.900000,0.050000,0.050000\n\"x,y\",0.200000,0.700000,0.100000\n"
               "u9,0.500000,0.250000,0.250000\n";
        QTest::newRow("submission 2 classes")
            << "sub2" << 0.0 << "id,label\n12,0.010000\n7,0.700000\n3,0.999000\n";
        QTest::newRow("submission 2 classes clipped")
            << "sub2" << 0.05 << "id,label\n12,0.050000\n7,0.700000\n3,0.950000\n";
    }
    void csv() {
        QFETCH(QString, kind);
        QFETCH(double, clip);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString file = dir.filePath("out.csv");
        const std::string f = file.toStdString();
        auto rows = table();
        std::vector<PredictionRow> three{rows[0], rows[2], rows[9]};
        three[1].path = "dir/x,y.jpg";
        if (kind == "pred_true") writePredictionsCsv(f, three, kClasses, true);
        if (kind == "pred") writePredictionsCsv(f, three, kClasses, false);
        if (kind == "confusion") writeConfusionCsv(f, confusionMatrix(rows, kClasses));
        if (kind == "sub3") writeSubmissionCsv(f, three, kClasses, clip);
        if (kind == "sub2") {
            const std::vector<PredictionRow> two{row("test/unknown/12.jpg", -1, {.99f, .01f}),
                                                 row("test/7.png", -1, {.3f, .7f}),
                                                 row("3.jpg", -1, {.001f, .999f})};
            writeSubmissionCsv(f, two, {"cats", "dogs"}, clip);
        }
        QCOMPARE(readAll(file), expected);
    }

    void viewsJsonItems() {
        const auto rows = table();
        const auto v = inspectionViews(rows, 3, 1, 7);
        const std::string j = viewsJson(rows, kClasses, v);
        QVERIFY(j.find("\"most_confident_wrong\"") != std::string::npos);
        QVERIFY(j.find("\"path\": \"r7.jpg\"") != std::string::npos);  // wrong as a, top
        QVERIFY(j.find("\"path\": \"r5.jpg\"") != std::string::npos);  // most uncertain
    }

    void unwritableFileThrowsIo() {
        try {
            writeConfusionCsv("/nonexistent-dir/x.csv", confusionMatrix(table(), kClasses));
            QFAIL("no exception");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::Io);
        }
    }
};

FEATURELAB_TEST_GUILESS_MAIN(TestInspection)
#include "test_inspection.moc"
