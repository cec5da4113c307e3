// models/load/schema.h — the key table (key_table.h) rendered for people and editors.
//
// ScenarioJsonSchema: a JSON Schema (draft 2020-12) of the scenario language, printed by
// `lambdasim schema`. Durations are strings with a unit (a bare number is invalid, as in the
// loader); relational checks (min <= max, one traffic shape, reservations) stay the loader's,
// so a file that passes the schema may still fail to load, never the other way round for the
// keys and types the schema knows.
// KeySectionMarkdown / UpdateKeyTables: the key tables of scenarios/README.md. Each table
// sits between `<!-- keys:ID -->` and `<!-- /keys:ID -->` markers; UpdateKeyTables rewrites
// every marked block from the table (a test fails when the README differs from it).
// No yaml-cpp here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/load/key_table.h"

namespace lambdasim {

std::string ScenarioJsonSchema();

// One section's table (header row included), without the markers.
std::string KeySectionMarkdown(const KeySection& section);

// Every section: its id, title and table, each wrapped in its markers.
std::string KeyTablesMarkdown();

// `text` with every marked block replaced by the table's current rendering. Unknown ids and
// unterminated blocks go to `problems` (the text is then returned unchanged there); ids of
// sections the text has no block for go to `missing`.
std::string UpdateKeyTables(std::string_view text, std::vector<std::string>* problems,
                            std::vector<std::string>* missing);

}  // namespace lambdasim
