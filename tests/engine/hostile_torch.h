// The pickle assembler shared by the hostile torch tests (test_hostile_torch_save.cpp,
// test_hostile_torchscript.cpp): protocol 2 opcodes and torch.save's zip layout, written with
// LibTorch's own zip writer.
#pragma once

#include <caffe2/serialize/inline_container.h>

#include <QByteArray>
#include <QRegularExpression>
#include <QString>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hostiletorch {

// --- a pickle assembler (protocol 2 opcodes, the ones torch.save uses) -----------------------

/// A byte literal that may hold NUL bytes (a plain const char* would stop at the first).
template <std::size_t N>
inline QByteArray B(const char (&s)[N]) {
    return QByteArray(s, int(N - 1));
}

inline QByteArray le(std::uint64_t v, int n) {
    QByteArray b(n, '\0');
    for (int i = 0; i < n; ++i) b[i] = char((v >> (8 * i)) & 0xff);
    return b;
}
inline QByteArray S(const QByteArray& s) { return "X" + le(std::uint64_t(s.size()), 4) + s; }
inline QByteArray G(const QByteArray& module, const QByteArray& name) {
    return "c" + module + "\n" + name + "\n";
}
inline QByteArray I(std::int64_t v) { return "\x8a\x08" + le(std::uint64_t(v), 8); }  // LONG1
inline QByteArray tuple(const std::vector<std::int64_t>& v) {
    QByteArray b = "(";
    for (auto x : v) b += I(x);
    return b + "t";
}

struct Storage {
    QByteArray key;
    QByteArray type = "FloatStorage";
    std::int64_t numel = 4;
};
struct View {
    std::int64_t offset = 0;
    std::vector<std::int64_t> sizes{2, 2}, strides{2, 1};
};

/// torch._utils._rebuild_tensor_v2(persistent storage, offset, sizes, strides, False, {})
inline QByteArray tensorOps(const Storage& s, const View& v) {
    return G("torch._utils", "_rebuild_tensor_v2") + "((" + S("storage") + G("torch", s.type) +
           S(s.key) + S("cpu") + I(s.numel) + "tQ" + I(v.offset) + tuple(v.sizes) +
           tuple(v.strides) + "\x89" + G("collections", "OrderedDict") + ")Rt" + "R";
}

inline QByteArray stateDict(const QByteArray& entries) { return "\x80\x02}(" + entries + "u."; }

struct Archive {
    QByteArray pickle;
    std::vector<std::pair<std::string, QByteArray>> records;  // beside data.pkl
    bool compress = false;
};

inline void writeArchive(const QString& path, const Archive& a) {
    caffe2::serialize::PyTorchStreamWriter w(path.toStdString());
    w.writeRecord("data.pkl", a.pickle.constData(), std::size_t(a.pickle.size()), a.compress);
    for (const auto& [name, bytes] : a.records)
        w.writeRecord(name, bytes.constData(), std::size_t(bytes.size()), a.compress);
    w.writeEndOfFile();
}

inline QString slug(QString s) {
    s.replace(QRegularExpression("[^A-Za-z0-9]+"), "_");
    return s;
}

}  // namespace hostiletorch
