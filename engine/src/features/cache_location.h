// Where feature caches live by default: featurelab/cache.h's per-user folders.
#pragma once

#include "featurelab/cache.h"
