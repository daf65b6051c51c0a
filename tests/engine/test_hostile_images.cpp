// Hostile images and folders, generated here: decompression bombs in every format's header
// (F10), files too large to read, malformed headers, and folder trees with symlink loops,
// links that leave their class (F12, F13, F15, F17). Each image is refused with a reason (a
// BadImage naming it; a skip in scan and in the loader), each folder listed without a hang or
// a throw. Also the loader's bounds (F6).
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <functional>

#include "data/image.h"
#include "data/image_probe.h"
#include "data/list_files.h"
#include "data/loader.h"
#include "featurelab/backbone.h"
#include "featurelab/error.h"
#include "featurelab/scan.h"
#include "hostile_support.h"
#include "test_support.h"

using namespace featurelab;
namespace fs = std::filesystem;

namespace {

QByteArray be16(int v) { return QByteArray(1, char((v >> 8) & 0xff)) + char(v & 0xff); }
QByteArray be32(std::uint32_t v) { return be16(int(v >> 16)) + be16(int(v & 0xffff)); }
QByteArray le16(int v) { return QByteArray(1, char(v & 0xff)) + char((v >> 8) & 0xff); }
QByteArray le32(std::uint32_t v) { return le16(int(v & 0xffff)) + le16(int(v >> 16)); }

/// A JPEG marker segment: FF marker, length (payload + 2), payload.
QByteArray seg(int marker, const QByteArray& payload) {
    return QByteArray("\xff", 1) + char(marker) + be16(payload.size() + 2) + payload;
}
QByteArray sof(int marker, int w, int h) {
    return seg(marker, QByteArray(1, 8) + be16(h) + be16(w) +
                           QByteArray("\x03\x01\x11\x00\x02\x11\x01\x03\x11\x01", 10));
}
const QByteArray kSoi("\xff\xd8", 2), kEoi("\xff\xd9", 2);

/// A valid 24-bit BMP of w x h (bottom-up), or just its headers with other fields.
QByteArray bmp(std::int32_t w, std::int32_t h, int bpp = 24, bool pixels = true) {
    const int row = ((std::abs(w) * 3 + 3) / 4) * 4;
    const std::uint32_t data = pixels ? std::uint32_t(row) * std::uint32_t(std::abs(h)) : 0;
    QByteArray b = "BM" + le32(54 + data) + le32(0) + le32(54) + le32(40) + le32(std::uint32_t(w)) +
                   le32(std::uint32_t(h)) + le16(1) + le16(bpp) + le32(0) + le32(data) +
                   le32(2835) + le32(2835) + le32(0) + le32(0);
    if (pixels) b += QByteArray(int(data), '\x40');
    return b;
}

/// A PNG signature and IHDR chunk (CRC left zero: the probe refuses before any decoder sees it).
QByteArray pngHead(std::uint32_t w, std::uint32_t h, const char* type = "IHDR") {
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + be32(13) + type + be32(w) + be32(h) +
           QByteArray("\x08\x02\x00\x00\x00", 5) + be32(0) + be32(0) + "IEND" + be32(0);
}

/// A classic TIFF whose first directory holds the given (tag, type, value) entries.
QByteArray tiff(const std::vector<std::array<std::uint32_t, 3>>& entries, bool little = true,
                std::int64_t ifdOffset = 8, int declared = -1) {
    auto u16 = [&](int v) { return little ? le16(v) : be16(v); };
    auto u32 = [&](std::uint32_t v) { return little ? le32(v) : be32(v); };
    QByteArray b = little ? QByteArray("II*\0", 4) : QByteArray("MM\0*", 4);
    b += u32(std::uint32_t(ifdOffset));
    b += u16(declared >= 0 ? declared : int(entries.size()));
    for (const auto& e : entries) {
        b += u16(int(e[0])) + u16(int(e[1])) + u32(1);
        b += e[1] == 3 ? u16(int(e[2])) + u16(0) : u32(e[2]);
    }
    return b + u32(0) + QByteArray(64, '\0');
}

QByteArray riff(const QByteArray& chunk, std::int64_t riffSize = -1) {
    const QByteArray body = "WEBP" + chunk;
    return "RIFF" + le32(std::uint32_t(riffSize >= 0 ? riffSize : body.size())) + body;
}

struct ImageCase {
    const char* name;
    const char* file;  // the extension says nothing: content decides
    std::function<QByteArray()> bytes;
};

std::vector<ImageCase> imageCases() {
    const QByteArray app = seg(0xE1, QByteArray(65000, 'x'));
    return {
        {"JPEG 30000x30000 frame after 130 KB of APP1 (F10)", "late_sof.jpg",
         [=] { return kSoi + app + app + sof(0xC0, 30000, 30000) + kEoi; }},
        {"JPEG 30000x30000 baseline (F10)", "bomb.jpg",
         [] { return kSoi + sof(0xC0, 30000, 30000) + kEoi; }},
        {"JPEG 65535x65535 progressive (F10)", "progressive.jpg",
         [] { return kSoi + sof(0xC2, 65535, 65535) + kEoi; }},
        {"JPEG frame of height 0", "zero_height.jpg",
         [] { return kSoi + sof(0xC0, 100, 0) + kEoi; }},
        {"JPEG scan before its frame", "sos_first.jpg",
         [] { return kSoi + seg(0xDA, QByteArray(10, '\0')) + kEoi; }},
        {"JPEG end right after start", "soi_eoi.jpg", [] { return kSoi + kEoi; }},
        {"JPEG segment of length 0", "len0.jpg",
         [] { return kSoi + QByteArray("\xff\xe0\x00\x00", 4) + kEoi; }},
        {"JPEG segment of length 1", "len1.jpg",
         [] { return kSoi + QByteArray("\xff\xe0\x00\x01", 4) + kEoi; }},
        {"JPEG segment past the end", "past_end.jpg",
         [] { return kSoi + QByteArray("\xff\xe0\xff\xff", 4) + QByteArray(100, 'x') + kEoi; }},
        {"JPEG of 20,000 empty segments", "many_segments.jpg",
         [] {
             QByteArray b = kSoi;
             for (int i = 0; i < 20000; ++i) b += seg(0xFE, {});
             return b + sof(0xC0, 10, 10) + kEoi;
         }},
        {"JPEG start marker only", "soi_only.jpg", [] { return QByteArray("\xff\xd8\xff", 3); }},
        {"JPEG garbage after start", "garbage.jpg", [] { return kSoi + QByteArray(500, 'g'); }},
        {"JPEG fill bytes to the end", "fill.jpg", [] { return kSoi + QByteArray(5000, '\xff'); }},
        {"JPEG short frame header", "short_sof.jpg",
         [] { return kSoi + seg(0xC0, QByteArray(3, '\x01')) + kEoi; }},
        {"JPEG frame without image data", "no_data.jpg",
         [] { return kSoi + sof(0xC0, 64, 64) + kEoi; }},
        {"PNG 30000x30000 (F10)", "bomb.png", [] { return pngHead(30000, 30000); }},
        {"PNG 0x10", "zero.png", [] { return pngHead(0, 10); }},
        {"PNG 2^31 x 1", "wide.png", [] { return pngHead(0x80000000u, 1); }},
        {"PNG 2^32-1 square", "max.png", [] { return pngHead(0xffffffffu, 0xffffffffu); }},
        {"PNG without IHDR", "no_ihdr.png", [] { return pngHead(10, 10, "IDAT"); }},
        {"PNG signature only", "sig.png", [] { return QByteArray("\x89PNG\r\n\x1a\n", 8); }},
        {"PNG 10x10 with a broken chunk CRC", "crc.png", [] { return pngHead(10, 10); }},
        {"BMP 30000x30000 (F10)", "bomb.bmp", [] { return bmp(30000, 30000, 24, false); }},
        {"BMP height INT_MIN", "int_min.bmp",
         [] { return bmp(10, std::numeric_limits<std::int32_t>::min(), 24, false); }},
        {"BMP negative width", "neg_width.bmp", [] { return bmp(-10, 10, 24, false); }},
        {"BMP core header of 0x0", "core.bmp",
         [] {
             return "BM" + le32(26) + le32(0) + le32(26) + le32(12) + le16(0) + le16(0) + le16(1) +
                    le16(24);
         }},
        {"BMP shorter than its header says", "short.bmp", [] { return bmp(100, 100).left(1000); }},
        {"BMP header of 20 bytes", "tiny.bmp", [] { return bmp(10, 10).left(20); }},
        {"BMP of 7 bits per pixel", "bpp7.bmp", [] { return bmp(10, 10, 7); }},
        {"TIFF 30000x30000 (F10)", "bomb.tiff",
         [] {
             return tiff({{256, 4, 30000}, {257, 4, 30000}});
         }},
        {"TIFF 65535x65535 SHORT (F10)", "short.tiff",
         [] {
             return tiff({{256, 3, 65535}, {257, 3, 65535}});
         }},
        {"TIFF big-endian 30000x30000 (F10)", "be.tiff",
         [] {
             return tiff({{256, 4, 30000}, {257, 4, 30000}}, false);
         }},
        {"TIFF directory beyond the file", "ifd_far.tiff",
         [] {
             return tiff({{256, 4, 10}, {257, 4, 10}}, true, 1 << 30);
         }},
        {"TIFF directory at offset 0", "ifd_zero.tiff",
         [] {
             return tiff({{256, 4, 10}}, true, 0);
         }},
        {"TIFF directory of no entries", "ifd_empty.tiff", [] { return tiff({}); }},
        {"TIFF directory of 5000 entries", "ifd_huge.tiff",
         [] {
             return tiff({{256, 4, 10}}, true, 8, 5000);
         }},
        {"TIFF without a width", "no_width.tiff",
         [] {
             return tiff({{257, 4, 10}});
         }},
        {"TIFF width as text", "ascii_width.tiff",
         [] {
             return tiff({{256, 2, 10}, {257, 4, 10}});
         }},
        {"TIFF of 10x10 without strips", "no_strips.tiff",
         [] {
             return tiff({{256, 4, 10}, {257, 4, 10}});
         }},
        {"WebP VP8X 2^24 square (F10)", "vp8x.webp",
         [] { return riff("VP8X" + le32(10) + QByteArray(4, '\0') + QByteArray(6, '\xff')); }},
        {"WebP VP8 16383x16383 (F10)", "vp8.webp",
         [] {
             return riff("VP8 " + le32(10) + QByteArray("\x00\x00\x00\x9d\x01\x2a", 6) +
                         le16(16383) + le16(16383));
         }},
        {"WebP VP8L 16384x16384 (F10)", "vp8l.webp",
         [] { return riff("VP8L" + le32(5) + QByteArray(1, '\x2f') + le32(0x0fffffff)); }},
        {"WebP VP8 without its start code", "vp8_code.webp",
         [] { return riff("VP8 " + le32(10) + QByteArray(6, '\0') + le16(10) + le16(10)); }},
        {"WebP shorter than its RIFF size", "riff_size.webp",
         [] {
             return riff("VP8 " + le32(10) + QByteArray("\x00\x00\x00\x9d\x01\x2a", 6) + le16(10) +
                             le16(10),
                         1 << 20);
         }},
        {"WebP of an unknown chunk", "vp8z.webp",
         [] { return riff("VP8Z" + le32(10) + QByteArray(10, '\0')); }},
        {"WebP header only", "header.webp", [] { return riff(""); }},
        {"zero bytes", "empty.jpg", [] { return QByteArray(); }},
        {"text named .jpg", "text.jpg", [] { return QByteArray("just some text\n"); }},
    };
}

/// Writes a sparse file of size bytes that starts like a JPEG (no disk, no memory used).
bool sparseJpeg(const QString& path, qint64 size) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) return false;
    f.write(kSoi + sof(0xC0, 100, 100));
    return f.resize(size);
}

bool symlink(const QString& target, const QString& link) {
    std::error_code ec;
    fs::create_symlink(target.toStdString(), link.toStdString(), ec);
    return !ec;
}

}  // namespace

class TestHostileImages : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString dataset_;  // train/cats holds every hostile image, train/dogs one good one

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        dataset_ = tmp_.filePath("data");
        QVERIFY(QDir().mkpath(dataset_ + "/train/cats"));
        QVERIFY(QDir().mkpath(dataset_ + "/train/dogs"));
        QVERIFY(hostile::writeFile(dataset_ + "/train/dogs/good.bmp", bmp(20, 10)));
        // The generator's good image decodes: the failures below come from the bytes.
        const RgbImage good = decodeImage((dataset_ + "/train/dogs/good.bmp").toStdString());
        QCOMPARE(good.width, 20);
        QCOMPARE(good.height, 10);
        for (const auto& c : imageCases())
            QVERIFY(hostile::writeFile(dataset_ + "/train/cats/" + c.file, c.bytes()));
        QVERIFY(sparseJpeg(dataset_ + "/train/cats/sparse_300mb.jpg", qint64(300) << 20));
        QVERIFY(sparseJpeg(dataset_ + "/train/cats/sparse_5gb.jpg", qint64(5) << 30));
        QVERIFY(QDir().mkpath(dataset_ + "/train/cats/folder.jpg"));
        QVERIFY(::mkfifo((dataset_ + "/train/cats/fifo.jpg").toUtf8().constData(), 0600) == 0);
        QVERIFY(symlink("self.jpg", dataset_ + "/train/cats/self.jpg"));
    }

    void decode_data() {
        QTest::addColumn<QString>("file");
        for (const auto& c : imageCases()) QTest::newRow(c.name) << QString(c.file);
        QTest::newRow("300 MB sparse JPEG (F10)") << "sparse_300mb.jpg";
        QTest::newRow("5 GB sparse JPEG (F10, int overflow)") << "sparse_5gb.jpg";
        QTest::newRow("a folder named .jpg") << "folder.jpg";
        QTest::newRow("a FIFO named .jpg") << "fifo.jpg";
        QTest::newRow("a symlink to itself") << "self.jpg";
    }
    /// decodeImage: a BadImage (or NotFound) naming the file, before any large allocation.
    void decode() {
        QFETCH(QString, file);
        const std::string path = (dataset_ + "/train/cats/" + file).toStdString();
        EXPECT_HOSTILE_ERROR([&] { decodeImage(path); }, file);
        EXPECT_HOSTILE_ERROR([&] { decodeThumbnail(path, 64); }, file);
    }

    /// scan: every bomb and every broken header is skipped with a reason. Files whose header
    /// is sound but whose data is not (a bad CRC, no strips) are taken here and skipped by
    /// the loader below, as decoding is the only test of the data.
    void scanSkipsEveryOne() {
        const DatasetScan scan = scanImageFolder(dataset_.toStdString());
        std::set<std::string> skipped, taken;
        for (const auto& s : scan.skipped) {
            QVERIFY2(!s.reason.empty(), s.path.c_str());
            skipped.insert(fs::path(s.path).filename().string());
        }
        for (const auto& e : scan.split("train")->images)
            taken.insert(fs::path(e.relativePath).filename().string());
        for (const auto& c : imageCases()) {
            QVERIFY2(skipped.count(c.file) || taken.count(c.file), c.file);
            if (std::string(c.name).find("F10") != std::string::npos)
                QVERIFY2(skipped.count(c.file), c.file);
        }
        for (const char* f : {"sparse_300mb.jpg", "sparse_5gb.jpg", "fifo.jpg", "self.jpg"})
            QVERIFY2(skipped.count(f), f);
        qInfo() << "scan skipped" << skipped.size() << "and took" << taken.size()
                << "(the loader skips those that do not decode)";
    }

    /// The loader (what extract and train use) skips each bad file and finishes the epoch.
    void loaderSkipsEveryOne() {
        std::vector<ImageEntry> entries;
        for (const auto& c : imageCases()) {
            ImageEntry e;
            e.path = (dataset_ + "/train/cats/" + c.file).toStdString();
            e.relativePath = c.file;
            entries.push_back(e);
        }
        ImageEntry good;
        good.path = (dataset_ + "/train/dogs/good.bmp").toStdString();
        good.relativePath = "good.bmp";
        entries.push_back(good);
        LoaderOptions o;
        o.batchSize = 8;
        o.workers = 3;
        int bad = 0;
        o.onBadFile = [&](const SkippedFile&) { ++bad; };
        BatchLoader loader(entries, Preprocessing::kerasSymmetric(32, 32), o);
        Batch b;
        std::size_t images = 0;
        while (loader.next(b)) images += b.indices.size();
        QCOMPARE(images, std::size_t(1));
        QCOMPARE(bad, int(imageCases().size()));
    }

    /// F6: absurd worker counts and batch sizes are refused, never std::terminate.
    void loaderBounds_data() {
        QTest::addColumn<int>("workers");
        QTest::addColumn<qulonglong>("batch");
        QTest::newRow("100000 workers") << 100000 << qulonglong(4);
        QTest::newRow("257 workers") << 257 << qulonglong(4);
        QTest::newRow("batch of 0") << 2 << qulonglong(0);
        QTest::newRow("batch of 10^9") << 2 << qulonglong(1000000000);
    }
    void loaderBounds() {
        QFETCH(int, workers);
        QFETCH(qulonglong, batch);
        LoaderOptions o;
        o.workers = workers;
        o.batchSize = std::size_t(batch);
        try {
            BatchLoader loader({}, Preprocessing::kerasSymmetric(32, 32), o);
            QFAIL("expected InvalidArgument");
        } catch (const Error& e) {
            QCOMPARE(int(e.code()), int(ErrorCode::InvalidArgument));
            qInfo().noquote() << e.what();
        }
    }

    /// F6: when the threads cannot all start (here: no address space left for their stacks),
    /// the constructor joins those that did and throws Error(Io), instead of throwing past
    /// joinable threads into std::terminate. Run in a child process under RLIMIT_AS.
    void loaderThreadFailureJoins() {
        const pid_t pid = ::fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            long pages = 0, resident = 0;
            if (FILE* f = std::fopen("/proc/self/statm", "r")) {
                if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) pages = 0;
                std::fclose(f);
            }
            const rlim_t room = rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + (64u << 20);
            const rlimit limit{room, room};
            ::setrlimit(RLIMIT_AS, &limit);
            LoaderOptions o;
            o.workers = 200;  // 200 x 8 MB of stacks cannot fit in 64 MB
            try {
                BatchLoader loader({}, Preprocessing::kerasSymmetric(32, 32), o);
            } catch (const Error& e) {
                ::_exit(e.code() == ErrorCode::Io ? 0 : 2);
            } catch (...) {
                ::_exit(3);
            }
            ::_exit(4);  // every thread started: the limit did not bite
        }
        int status = 0;
        QCOMPARE(::waitpid(pid, &status, 0), pid);
        QVERIFY2(WIFEXITED(status), "the child died of a signal (std::terminate?)");
        QCOMPARE(WEXITSTATUS(status), 0);
    }

    /// F15: links out of a class folder (to the parent, another class, another split, the
    /// filesystem root) are skipped with a reason and label nothing.
    void linksLeavingTheClassAreSkipped() {
        const QString root = tmp_.filePath("links");
        for (const char* d : {"train/cats", "train/dogs", "valid/cats", "valid/dogs"})
            QVERIFY(QDir().mkpath(root + "/" + d));
        for (const char* f :
             {"train/cats/c.bmp", "train/dogs/d.bmp", "valid/cats/vc.bmp", "valid/dogs/vd.bmp"})
            QVERIFY(hostile::writeFile(root + "/" + f, bmp(8, 8)));
        QVERIFY(symlink("..", root + "/train/cats/up"));
        QVERIFY(symlink("../dogs/d.bmp", root + "/train/cats/relabel.bmp"));
        QVERIFY(symlink("../../valid/cats/vc.bmp", root + "/train/cats/leak.bmp"));
        QVERIFY(symlink("/", root + "/train/cats/everything"));
        QVERIFY(symlink(".", root + "/train/cats/here"));
        QVERIFY(symlink("c.bmp", root + "/train/cats/alias.bmp"));  // inside the class: kept
        const DatasetScan scan = scanImageFolder(root.toStdString());
        std::map<std::string, std::string> reasons;
        for (const auto& s : scan.skipped) reasons[s.path] = s.reason;
        for (const char* l : {"train/cats/up", "train/cats/relabel.bmp", "train/cats/leak.bmp",
                              "train/cats/everything"}) {
            QVERIFY2(reasons.count(l), l);
            qInfo().noquote() << l << "->" << QString::fromStdString(reasons[l]);
        }
        QVERIFY(reasons["train/cats/up"].find("leaves its class folder") != std::string::npos);
        QVERIFY(reasons["train/cats/here"].find("symlink loop") != std::string::npos);
        std::set<std::string> cats;
        for (const auto& e : scan.split("train")->images)
            if (e.label == 0) cats.insert(e.relativePath);
        QCOMPARE(cats, (std::set<std::string>{"train/cats/alias.bmp", "train/cats/c.bmp"}));
    }

    /// F15: a class folder that is itself a link into another split.
    void classFolderLinkedToAnotherSplit() {
        const QString root = tmp_.filePath("classlink");
        QVERIFY(QDir().mkpath(root + "/train/cats"));
        QVERIFY(QDir().mkpath(root + "/valid/cats"));
        QVERIFY(hostile::writeFile(root + "/train/cats/c.bmp", bmp(8, 8)));
        QVERIFY(hostile::writeFile(root + "/valid/cats/v.bmp", bmp(8, 8)));
        QVERIFY(QDir().mkpath(root + "/valid"));
        QVERIFY(symlink("../valid/cats", root + "/train/dogs"));
        QVERIFY(QDir().mkpath(root + "/valid/dogs"));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        bool skipped = false;
        for (const auto& s : scan.skipped)
            skipped =
                skipped || (s.path == "train/dogs" &&
                            s.reason.find("another part of the dataset") != std::string::npos);
        QVERIFY(skipped);
        for (const auto& e : scan.split("train")->images) QVERIFY(e.label != 1);
    }

    /// F12: 300 nested folders are scanned in linear time and the deep part is skipped.
    void deepNestingIsBounded() {
        const QString root = tmp_.filePath("deep");
        QString deep = root + "/train/cats";
        for (int i = 0; i < 300; ++i) deep += "/d";
        QVERIFY(QDir().mkpath(deep));
        QVERIFY(hostile::writeFile(root + "/train/cats/c.bmp", bmp(8, 8)));
        QVERIFY(hostile::writeFile(deep + "/deep.bmp", bmp(8, 8)));
        const DatasetScan scan = scanImageFolder(root.toStdString());
        QCOMPARE(scan.split("train")->images.size(), std::size_t(1));
        bool bounded = false;
        for (const auto& s : scan.skipped)
            bounded = bounded || s.reason.find("nested more than") != std::string::npos;
        QVERIFY(bounded);
    }

    /// F13/F17: listing for classify and predict: two links to ".", a hidden self-link, a
    /// link to the parent and a self-loop file link finish, list each image once and say why
    /// the rest was left out.
    void listingLoopsFinishes() {
        const QString root = tmp_.filePath("listing");
        QVERIFY(QDir().mkpath(root + "/sub"));
        QVERIFY(hostile::writeFile(root + "/a.bmp", bmp(8, 8)));
        QVERIFY(hostile::writeFile(root + "/sub/b.bmp", bmp(8, 8)));
        QVERIFY(symlink(".", root + "/dot1"));
        QVERIFY(symlink(".", root + "/dot2"));
        QVERIFY(symlink(".hidden", root + "/.hidden"));
        QVERIFY(symlink("..", root + "/sub/up"));
        QVERIFY(symlink("loop.bmp", root + "/loop.bmp"));
        std::vector<std::string> files;
        std::vector<std::pair<std::string, std::string>> skipped;
        listFiles(
            root.toStdString(),
            [&](const std::string&, const std::string& rel) { files.push_back(rel); },
            [&](const std::string& rel, const std::string& why) {
                skipped.push_back({rel, why});
            });
        QCOMPARE(files, (std::vector<std::string>{"a.bmp", "sub/b.bmp"}));
        QVERIFY(skipped.size() >= 4);  // dot1, dot2, sub/up, loop.bmp
        for (const auto& [rel, why] : skipped)
            qInfo().noquote() << rel.c_str() << "->" << why.c_str();
        // classify's collectImages goes through the same walk.
        QCOMPARE(collectImages({root.toStdString()}).size(), std::size_t(2));
    }

    void cleanupTestCase() { REPORT_HOSTILE_CORPUS(); }
};

FEATURELAB_TEST_GUILESS_MAIN(TestHostileImages)
#include "test_hostile_images.moc"
