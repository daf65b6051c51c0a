// Relabel journal file: strict JSON reading, atomic writing, settling half-done steps.
#include "data/relabel_store.h"

#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "data/relabel_fs.h"
#include "featurelab/error.h"
#include "util/atomic_file.h"

namespace featurelab::relabel {

namespace {

constexpr int kFormatVersion = 1;
// A journal of a million actions is about 200 MB; anything near that is not ours.
constexpr std::uintmax_t kMaxJournalBytes = 64ull << 20;

const JournalState kStates[] = {JournalState::Pending, JournalState::Done, JournalState::Undoing,
                                JournalState::Undone, JournalState::Redoing};

Error damaged(const fs::path& file, const std::string& why) {
    return Error(ErrorCode::Io, "The relabel journal " + file.string() + " is damaged (" + why +
                                    "); move it aside to start a new one. Nothing was changed.");
}

bool finished(JournalState s) { return s == JournalState::Done || s == JournalState::Undone; }

}  // namespace

std::vector<JournalEntry> readJournal(const fs::path& file) {
    if (!present(file)) return {};
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (ec) throw Error(ErrorCode::Io, "Cannot read " + file.string() + ": " + ec.message() + ".");
    if (size > kMaxJournalBytes) throw damaged(file, "larger than 64 MB");
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw Error(ErrorCode::Io, "Cannot read " + file.string() + ".");
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text.str(),
                                  [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                                      if (depth > 4)
                                          throw std::length_error("nested deeper than a journal");
                                      return true;
                                  });
    } catch (const std::exception& e) {
        throw damaged(file, std::string("not JSON: ") + e.what());
    }
    std::vector<JournalEntry> out;
    try {
        if (!j.is_object() || j.value("format_version", 0) != kFormatVersion)
            throw damaged(file, "not a format_version 1 journal");
        const nlohmann::json& items = j.at("entries");
        if (!items.is_array()) throw damaged(file, "entries is not a list");
        for (const nlohmann::json& item : items) {
            JournalEntry e;
            e.id = item.at("id").get<std::uint64_t>();
            e.time = item.at("time").get<std::string>();
            const std::string action = item.at("action").get<std::string>();
            const std::string state = item.at("state").get<std::string>();
            e.from = item.at("from").get<std::string>();
            e.to = item.at("to").get<std::string>();
            e.reason = item.value("reason", std::string());
            if (action == relabelActionName(RelabelAction::Move))
                e.action = RelabelAction::Move;
            else if (action == relabelActionName(RelabelAction::Quarantine))
                e.action = RelabelAction::Quarantine;
            else
                throw damaged(file, "unknown action '" + action + "'");
            bool known = false;
            for (JournalState s : kStates) {
                if (state != journalStateName(s)) continue;
                e.state = s;
                known = true;
            }
            if (!known) throw damaged(file, "unknown state '" + state + "'");
            // A journal only ever renames within the splits and into quarantine: a hand-edited
            // one must not make undo move anything else.
            ImagePlace from, to;
            const bool paths =
                e.action == RelabelAction::Move
                    ? parseSplitPath(e.from, &from) && parseSplitPath(e.to, &to) && from.labelled &&
                          from.split == to.split && from.belowClass == to.belowClass
                    : parseSplitPath(e.from) && e.to == std::string(kQuarantine) + "/" + e.from;
            if (!paths) throw damaged(file, "entry " + std::to_string(e.id) + " has a bad path");
            if (!out.empty() && e.id <= out.back().id)
                throw damaged(file, "entry ids out of order");
            out.push_back(std::move(e));
        }
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw damaged(file, e.what());
    }
    // Done entries first, then the redo tail; at most one step in flight, at the boundary.
    std::size_t i = 0;
    while (i < out.size() && out[i].state == JournalState::Done) ++i;
    if (i < out.size() && !finished(out[i].state)) ++i;
    while (i < out.size() && out[i].state == JournalState::Undone) ++i;
    if (i != out.size()) throw damaged(file, "entries out of order");
    return out;
}

void writeJournal(const fs::path& file, const std::vector<JournalEntry>& entries) {
    nlohmann::ordered_json j;
    j["format_version"] = kFormatVersion;
    j["entries"] = nlohmann::ordered_json::array();
    for (const JournalEntry& e : entries) {
        nlohmann::ordered_json item;
        item["id"] = e.id;
        item["time"] = e.time;
        item["action"] = relabelActionName(e.action);
        item["from"] = e.from;
        item["to"] = e.to;
        if (!e.reason.empty()) item["reason"] = e.reason;
        item["state"] = journalStateName(e.state);
        j["entries"].push_back(std::move(item));
    }
    // Reasons are the user's text: replace what is not UTF-8 rather than fail the action.
    util::writeTextAtomically(
        file.string(), j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
}

bool settleEntries(std::vector<JournalEntry>& entries, const fs::path& root) {
    bool changed = false;
    for (auto it = entries.begin(); it != entries.end();) {
        const bool atTo = present(root / fs::u8path(it->to));
        const bool atFrom = present(root / fs::u8path(it->from));
        const bool moved = atTo && !atFrom;  // where the forward rename leaves it
        const bool back = atFrom && !atTo;   // where undo leaves it
        switch (it->state) {
            case JournalState::Pending:
                changed = true;
                if (moved) {
                    it->state = JournalState::Done;
                } else {
                    it = entries.erase(it);  // the rename never happened
                    continue;
                }
                break;
            case JournalState::Undoing:
                changed = true;
                it->state = back ? JournalState::Undone : JournalState::Done;
                break;
            case JournalState::Redoing:
                changed = true;
                it->state = moved ? JournalState::Done : JournalState::Undone;
                break;
            default:
                break;
        }
        ++it;
    }
    return changed;
}

long lastDone(const std::vector<JournalEntry>& entries) {
    for (long i = long(entries.size()) - 1; i >= 0; --i)
        if (entries[std::size_t(i)].state == JournalState::Done) return i;
    return -1;
}

long firstUndone(const std::vector<JournalEntry>& entries) {
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (entries[i].state == JournalState::Undone) return long(i);
    return -1;
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace featurelab::relabel
