// A restricted unpickler for torch.save(state_dict) zip archives: it builds dicts, tuples and
// tensors itself and refuses every global outside a short allow-list, so no pickled code runs.
//
// Hostile archives are expected: every object lives in one arena (no recursive destruction,
// cycles cost nothing), record sizes come from the zip directory and are checked before
// anything is allocated, and the pickle, its objects and its nesting are bounded.
#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "featurelab/error.h"
#include "models/weights_io.h"
#include "models/zip_index.h"

namespace featurelab {

namespace {

struct PyObj;
using Obj = PyObj*;  // owned by the Unpickler's arena
struct PyObj {
    enum Kind { None, Bool, Int, Float, Str, Tuple, List, Dict, Global, Tensor } kind = None;
    std::int64_t i = 0;
    double f = 0;
    std::string s;  // Str; Global: "module.name"
    std::vector<Obj> items;
    std::vector<std::pair<Obj, Obj>> dict;
    torch::Tensor tensor;
};

// A state dict's pickle is tens of kilobytes with a few thousand objects.
constexpr std::size_t kMaxPickleBytes = 16u << 20;
constexpr std::size_t kMaxObjects = 1u << 20;
constexpr std::int64_t kMaxDim = std::int64_t(1) << 40;

const std::map<std::string, torch::ScalarType>& storageTypes() {
    static const std::map<std::string, torch::ScalarType> m = {
        {"torch.FloatStorage", torch::kFloat32}, {"torch.DoubleStorage", torch::kFloat64},
        {"torch.HalfStorage", torch::kFloat16},  {"torch.BFloat16Storage", torch::kBFloat16},
        {"torch.LongStorage", torch::kInt64},    {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},   {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},    {"torch.BoolStorage", torch::kBool}};
    return m;
}

class Unpickler {
public:
    Unpickler(caffe2::serialize::PyTorchStreamReader& reader, const std::string& path,
              std::map<std::string, zipindex::Record> records)
        : reader_(reader), path_(path), records_(std::move(records)) {
        const auto it = records_.find("data.pkl");
        if (it == records_.end()) fail("the archive has no data.pkl");
        if (it->second.size > kMaxPickleBytes)
            fail("its data.pkl is " + std::to_string(it->second.size) +
                 " bytes, far more than a state dict's pickle");
        std::tie(pickle_, size_) = reader_.getRecord("data.pkl");
        p_ = static_cast<const unsigned char*>(pickle_.get());
    }

    Obj run() {
        for (;;) {
            const unsigned char op = byte();
            switch (op) {
                case 0x80:
                    byte();
                    break;  // PROTO
                case 0x95:
                    bytes(8);
                    break;  // FRAME
                case '.':
                    return pop();  // STOP
                case '(':
                    marks_.push_back(stack_.size());
                    break;
                case '}':
                    stack_.push_back(make(PyObj::Dict));
                    break;
                case ']':
                    stack_.push_back(make(PyObj::List));
                    break;
                case ')':
                    stack_.push_back(make(PyObj::Tuple));
                    break;
                case 'N':
                    stack_.push_back(make(PyObj::None));
                    break;
                case 0x88:
                case 0x89: {
                    auto o = make(PyObj::Bool);
                    o->i = op == 0x88;
                    stack_.push_back(o);
                    break;
                }
                case 'K':
                    pushInt(byte());
                    break;
                case 'M':
                    pushInt(le(2));
                    break;
                case 'J':
                    pushInt(static_cast<std::int32_t>(le(4)));
                    break;
                case 0x8a: {  // LONG1: little-endian two's complement
                    const int n = byte();
                    if (n > 8) fail("an integer wider than 64 bits in data.pkl");
                    std::int64_t v = 0;
                    const unsigned char* b = bytes(n);
                    std::uint64_t u = 0;
                    for (int k = n - 1; k >= 0; --k) u = (u << 8) | b[k];
                    v = static_cast<std::int64_t>(u);
                    if (n > 0 && n < 8 && (b[n - 1] & 0x80)) v -= std::int64_t(1) << (8 * n);
                    pushInt(v);
                    break;
                }
                case 'G': {
                    const unsigned char* b = bytes(8);
                    std::uint64_t bits = 0;
                    for (int k = 0; k < 8; ++k) bits = (bits << 8) | b[k];
                    auto o = make(PyObj::Float);
                    std::memcpy(&o->f, &bits, 8);
                    stack_.push_back(o);
                    break;
                }
                case 'X':
                    pushStr(le(4));
                    break;
                case 0x8c:
                case 'U':
                    pushStr(byte());
                    break;
                case 0x8d:
                    pushStr(le(8));
                    break;
                case 'c': {
                    const std::string module = line(), name = line();
                    stack_.push_back(global(module, name));
                    break;
                }
                case 0x93: {
                    auto name = pop(), module = pop();
                    stack_.push_back(global(module->s, name->s));
                    break;
                }
                case 'q':
                    memo_[byte()] = top();
                    break;
                case 'r':
                    memo_[le(4)] = top();
                    break;
                case 0x94:
                    memo_[memo_.size()] = top();
                    break;
                case 'h':
                    stack_.push_back(memoGet(byte()));
                    break;
                case 'j':
                    stack_.push_back(memoGet(le(4)));
                    break;
                case 't': {
                    auto o = make(PyObj::Tuple);
                    o->items = popToMark();
                    stack_.push_back(o);
                    break;
                }
                case 0x85:
                case 0x86:
                case 0x87: {
                    auto o = make(PyObj::Tuple);
                    o->items.resize(op - 0x84);
                    for (auto it = o->items.rbegin(); it != o->items.rend(); ++it) *it = pop();
                    stack_.push_back(o);
                    break;
                }
                case 'a': {
                    auto v = pop();
                    top()->items.push_back(v);
                    break;
                }
                case 'e': {
                    auto v = popToMark();
                    top()->items.insert(top()->items.end(), v.begin(), v.end());
                    break;
                }
                case 's': {
                    auto v = pop(), k = pop();
                    top()->dict.emplace_back(k, v);
                    break;
                }
                case 'u': {
                    auto v = popToMark();
                    if (v.size() % 2) fail("odd SETITEMS");
                    for (std::size_t k = 0; k < v.size(); k += 2)
                        top()->dict.emplace_back(v[k], v[k + 1]);
                    break;
                }
                case 'Q':
                    stack_.push_back(persistent(pop()));
                    break;
                case 'R': {
                    auto args = pop(), fn = pop();
                    stack_.push_back(reduce(fn, args));
                    break;
                }
                case 'b':
                    pop();
                    break;  // BUILD: only OrderedDict._metadata, not needed
                default:
                    fail("unsupported pickle opcode 0x" + hex(op) +
                         " (only plain state dicts are read)");
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& why) {
        throw Error(ErrorCode::BadWeights, path_ + ": " + why);
    }
    static std::string hex(unsigned v) {
        const char* d = "0123456789abcdef";
        return std::string{d[(v >> 4) & 15], d[v & 15]};
    }
    Obj make(PyObj::Kind k) {
        if (arena_.size() >= kMaxObjects)
            fail("data.pkl builds more than " + std::to_string(kMaxObjects) +
                 " objects, far more than a state dict");
        arena_.push_back(std::make_unique<PyObj>());
        arena_.back()->kind = k;
        return arena_.back().get();
    }
    const unsigned char* bytes(std::size_t n) {
        // Compared without adding: pos_ + a huge length would wrap around.
        if (n > size_ - pos_) fail("the pickle in data.pkl ends early (truncated file?)");
        const unsigned char* b = p_ + pos_;
        pos_ += n;
        return b;
    }
    unsigned char byte() { return *bytes(1); }
    std::uint64_t le(int n) {
        const unsigned char* b = bytes(static_cast<std::size_t>(n));
        std::uint64_t v = 0;
        for (int k = n - 1; k >= 0; --k) v = (v << 8) | b[k];
        return v;
    }
    std::string line() {
        std::string s;
        for (char c; (c = static_cast<char>(byte())) != '\n';) s += c;
        return s;
    }
    void pushInt(std::int64_t v) {
        auto o = make(PyObj::Int);
        o->i = v;
        stack_.push_back(o);
    }
    void pushStr(std::uint64_t n) {
        auto o = make(PyObj::Str);
        const unsigned char* b = bytes(n);
        o->s.assign(reinterpret_cast<const char*>(b), n);
        stack_.push_back(o);
    }
    Obj pop() {
        if (stack_.empty()) fail("malformed pickle (stack underflow)");
        auto o = stack_.back();
        stack_.pop_back();
        return o;
    }
    Obj top() {
        if (stack_.empty()) fail("malformed pickle (empty stack)");
        return stack_.back();
    }
    Obj memoGet(std::uint64_t k) {
        auto it = memo_.find(k);
        if (it == memo_.end()) fail("malformed pickle (unknown memo entry)");
        return it->second;
    }
    std::vector<Obj> popToMark() {
        if (marks_.empty()) fail("malformed pickle (no mark)");
        const std::size_t m = marks_.back();
        marks_.pop_back();
        if (m > stack_.size()) fail("malformed pickle (mark below the stack)");
        std::vector<Obj> v(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
        stack_.resize(m);
        return v;
    }
    Obj global(const std::string& module, const std::string& name) {
        const std::string full = module + "." + name;
        static const std::set<std::string> allowed = {"collections.OrderedDict",
                                                      "torch._utils._rebuild_tensor_v2",
                                                      "torch._utils._rebuild_parameter"};
        if (!allowed.count(full) && !storageTypes().count(full))
            fail("refused to unpickle '" + full +
                 "': only state dicts (tensors in an OrderedDict) are read, and no pickled code "
                 "is run. Save the weights with torch.save(model.state_dict(), f).");
        auto o = make(PyObj::Global);
        o->s = full;
        return o;
    }
    static bool isInt(const Obj& o) { return o->kind == PyObj::Int || o->kind == PyObj::Bool; }

    Obj persistent(const Obj& pid) {
        // ('storage', storage_type, key, location, numel)
        if (pid->kind != PyObj::Tuple || pid->items.size() < 5 ||
            pid->items[1]->kind != PyObj::Global || pid->items[2]->kind != PyObj::Str ||
            !isInt(pid->items[4]))
            fail("unexpected persistent id in data.pkl");
        const std::string key = pid->items[2]->s;
        auto cached = storages_.find(key);
        if (cached != storages_.end()) return cached->second;
        const auto type = storageTypes().find(pid->items[1]->s);
        if (type == storageTypes().end()) fail("'" + pid->items[1]->s + "' is not a storage type");
        const std::int64_t numel = pid->items[4]->i;
        const std::string record = "data/" + key;
        const auto rec = records_.find(record);
        if (rec == records_.end() || !reader_.hasRecord(record))
            fail("the archive lacks " + record.substr(0, 80) + " (truncated?)");
        const std::size_t elem = c10::elementSize(type->second);
        // The declared size is checked against the record before either is allocated.
        if (numel < 0 || numel > kMaxDim || rec->second.size != std::uint64_t(numel) * elem)
            fail(record.substr(0, 80) + " holds " + std::to_string(rec->second.size) +
                 " bytes, but its storage declares " + std::to_string(numel) + " elements of " +
                 std::to_string(elem) + " bytes");
        auto [ptr, n] = reader_.getRecord(record);
        if (n != rec->second.size) fail(record.substr(0, 80) + " is not the size it declares");
        auto t = torch::empty({numel}, torch::TensorOptions().dtype(type->second));
        if (n) std::memcpy(t.data_ptr(), ptr.get(), n);
        auto o = make(PyObj::Tensor);
        o->tensor = t;
        storages_[key] = o;
        return o;
    }
    /// Sizes or strides of _rebuild_tensor_v2: a tuple of at most 8 non-negative integers.
    std::vector<std::int64_t> dims(const Obj& t) {
        if (t->kind != PyObj::Tuple || t->items.size() > 8)
            fail("a tensor with a malformed shape in data.pkl");
        std::vector<std::int64_t> v;
        for (const auto& x : t->items) {
            if (!isInt(x) || x->i < 0 || x->i > kMaxDim)
                fail("a tensor with a malformed shape in data.pkl");
            v.push_back(x->i);
        }
        return v;
    }
    Obj reduce(const Obj& fn, const Obj& args) {
        if (fn->kind != PyObj::Global || args->kind != PyObj::Tuple) fail("unexpected REDUCE");
        if (fn->s == "collections.OrderedDict") return make(PyObj::Dict);
        auto& a = args->items;
        if (fn->s == "torch._utils._rebuild_parameter" && !a.empty() && a[0]->kind == PyObj::Tensor)
            return a[0];
        if (fn->s == "torch._utils._rebuild_tensor_v2" && a.size() >= 4 &&
            a[0]->kind == PyObj::Tensor && isInt(a[1])) {
            const auto size = dims(a[2]), stride = dims(a[3]);
            const std::int64_t offset = a[1]->i, storage = a[0]->tensor.numel();
            if (size.size() != stride.size()) fail("a tensor whose shape and strides disagree");
            // Every element inside the storage, and no more elements than it holds (a
            // stride-0 view of a few bytes could otherwise stand for terabytes).
            long double numel = 1, last = offset;
            for (std::size_t k = 0; k < size.size(); ++k) {
                numel *= size[k];
                if (size[k] > 0) last += static_cast<long double>(size[k] - 1) * stride[k];
            }
            if (offset < 0 || (numel > 0 && (last >= storage || numel > storage)))
                fail("a tensor that reaches outside its storage in data.pkl");
            auto o = make(PyObj::Tensor);
            o->tensor = a[0]->tensor.as_strided(size, stride, offset);
            return o;
        }
        fail("cannot rebuild '" + fn->s + "' from the given arguments");
    }

    caffe2::serialize::PyTorchStreamReader& reader_;
    std::string path_;
    at::DataPtr pickle_;
    std::size_t size_ = 0, pos_ = 0;
    const unsigned char* p_ = nullptr;
    std::vector<Obj> stack_;
    std::vector<std::size_t> marks_;
    std::map<std::uint64_t, Obj> memo_;
    std::map<std::string, Obj> storages_;
    std::map<std::string, zipindex::Record> records_;
    std::vector<std::unique_ptr<PyObj>> arena_;  // owns every object; destroyed flat
};

// The dict of tensors inside a checkpoint: the object itself, or its "state_dict"/"model"
// entry, a few levels down at most. A loop, not recursion: {"model": <itself>} is 20 bytes.
const PyObj* findStateDict(const PyObj* o) {
    std::set<const PyObj*> seen;
    for (int depth = 0; depth < 8 && o && o->kind == PyObj::Dict && seen.insert(o).second;
         ++depth) {
        bool allTensors = !o->dict.empty();
        for (const auto& [k, v] : o->dict) allTensors = allTensors && v->kind == PyObj::Tensor;
        if (allTensors) return o;
        const PyObj* inner = nullptr;
        for (const auto& [k, v] : o->dict)
            if (k->kind == PyObj::Str && (k->s == "state_dict" || k->s == "model") &&
                v->kind == PyObj::Dict) {
                inner = v;
                break;
            }
        o = inner;
    }
    return nullptr;
}

}  // namespace

NamedTensors readTorchSaveStateDict(const std::string& path) {
    try {
        auto records = zipindex::byRecordName(zipindex::readChecked(path));
        caffe2::serialize::PyTorchStreamReader reader(path);
        Unpickler u(reader, path, std::move(records));
        const PyObj* dict = findStateDict(u.run());
        if (!dict)
            throw Error(ErrorCode::BadWeights,
                        path + ": the torch.save archive holds no state dict (a dict of tensors).");
        NamedTensors out;
        std::set<std::string> names;
        for (const auto& [k, v] : dict->dict) {
            if (k->kind != PyObj::Str)
                throw Error(ErrorCode::BadWeights,
                            path + ": the state dict has a key that is not text.");
            if (!names.insert(k->s).second)
                throw Error(ErrorCode::BadWeights,
                            path + ": the state dict names '" + k->s.substr(0, 80) + "' twice.");
            out.emplace_back(k->s, v->tensor);
        }
        return out;
    } catch (const c10::Error& e) {
        throw Error(ErrorCode::BadWeights,
                    path + ": cannot read the torch.save archive (" + libraryReason(e) + ")");
    } catch (const std::bad_alloc&) {
        throw Error(ErrorCode::BadWeights,
                    path + ": the torch.save archive declares more data than fits in memory.");
    } catch (const Error&) {
        throw;
    } catch (const std::exception&) {
        throw Error(ErrorCode::BadWeights, path + ": the torch.save archive is corrupt.");
    }
}

}  // namespace featurelab
