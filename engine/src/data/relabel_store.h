// The relabel journal on disk (DATA/.featurelab/journal.json): reading it strictly, writing it
// atomically, and settling entries a crash left between their two writes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "featurelab/relabel.h"

namespace featurelab::relabel {

/// The entries of file, oldest first; none when it does not exist. Every path must be one the
/// journal can hold (a split path, or a quarantine path for a quarantine's target) and the
/// entries ordered as the journal keeps them. Throws Error(Io) when the file cannot be read or
/// is damaged; the sentence says to move it aside (it is never overwritten then).
std::vector<JournalEntry> readJournal(const std::filesystem::path& file);

/// Writes entries through a temporary file, fsync and rename. Throws Error(Io).
void writeJournal(const std::filesystem::path& file, const std::vector<JournalEntry>& entries);

/// Resolves Pending, Undoing and Redoing entries by where the file is now (relative to root):
/// a step whose rename happened is finished, one whose rename did not is rolled back (a
/// Pending entry is dropped). Returns true when anything changed.
bool settleEntries(std::vector<JournalEntry>& entries, const std::filesystem::path& root);

/// Index of the newest Done entry (-1 when none) and of the oldest Undone one (-1).
long lastDone(const std::vector<JournalEntry>& entries);
long firstUndone(const std::vector<JournalEntry>& entries);

/// The current time as "2026-12-03T10:15:00Z".
std::string utcNow();

}  // namespace featurelab::relabel
