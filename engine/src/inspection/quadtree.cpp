// QuadTree: one point per leaf (duplicates merged), centres of mass as sums divided on use.
#include "inspection/quadtree.h"

#include <algorithm>
#include <cmath>

namespace featurelab::inspection {

namespace {

/// Below this depth two distinct points still get cells of their own; deeper (cells 2^-60 of
/// the layout wide: distinct only in the last bits of a double), they are merged like
/// duplicates instead of splitting on.
constexpr std::int32_t kMaxDepth = 60;

}  // namespace

void QuadTree::build(const double* y, std::size_t n) {
    nodes_.clear();
    nodes_.reserve(4 * n + 1);
    double minX = 0, maxX = 0, minY = 0, maxY = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double x0 = y[2 * i], y0 = y[2 * i + 1];
        if (i == 0 || x0 < minX) minX = x0;
        if (i == 0 || x0 > maxX) maxX = x0;
        if (i == 0 || y0 < minY) minY = y0;
        if (i == 0 || y0 > maxY) maxY = y0;
    }
    Node root;
    root.cx = (minX + maxX) / 2;
    root.cy = (minY + maxY) / 2;
    // A little slack so that the extreme points fall strictly inside.
    root.half = std::max({maxX - minX, maxY - minY, 1e-12}) / 2 * (1 + 1e-6);
    nodes_.push_back(root);
    for (std::size_t i = 0; i < n; ++i) insert(y[2 * i], y[2 * i + 1]);
    cells_.resize(nodes_.size());
    for (std::size_t c = 0; c < nodes_.size(); ++c) {
        const Node& nd = nodes_[c];
        Cell& cell = cells_[c];
        cell.count = nd.count;
        cell.mx = nd.count > 0 ? nd.sx / nd.count : 0;
        cell.my = nd.count > 0 ? nd.sy / nd.count : 0;
        cell.width2 = 4 * nd.half * nd.half;
        cell.firstChild = nd.firstChild;
    }
}

std::int32_t QuadTree::split(std::int32_t node) {
    const std::int32_t first = static_cast<std::int32_t>(nodes_.size());
    const Node parent = nodes_[static_cast<std::size_t>(node)];
    for (int c = 0; c < 4; ++c) {
        Node child;
        child.half = parent.half / 2;
        child.cx = parent.cx + ((c & 1) ? child.half : -child.half);
        child.cy = parent.cy + ((c & 2) ? child.half : -child.half);
        child.depth = parent.depth + 1;
        nodes_.push_back(child);
    }
    nodes_[static_cast<std::size_t>(node)].firstChild = first;
    return first;
}

void QuadTree::insert(double px, double py) {
    std::int32_t at = 0;
    for (;;) {
        Node* nd = &nodes_[static_cast<std::size_t>(at)];
        nd->sx += px;
        nd->sy += py;
        nd->count += 1;
        if (nd->firstChild < 0) {
            if (nd->count == 1) {  // was empty
                nd->px = px;
                nd->py = py;
                return;
            }
            if ((nd->px == px && nd->py == py) || nd->depth >= kMaxDepth) return;  // merged
            // Move the points already here (count - 1 of them, all at (px, py) of the leaf)
            // down into the child that holds them, then go on with the new one.
            const double ox = nd->px, oy = nd->py, others = nd->count - 1;
            const std::int32_t first = split(at);
            nd = &nodes_[static_cast<std::size_t>(at)];
            const int c = (ox >= nd->cx ? 1 : 0) | (oy >= nd->cy ? 2 : 0);
            Node& moved = nodes_[static_cast<std::size_t>(first + c)];
            moved.sx = ox * others;
            moved.sy = oy * others;
            moved.count = others;
            moved.px = ox;
            moved.py = oy;
        }
        at = nd->firstChild + ((px >= nd->cx ? 1 : 0) | (py >= nd->cy ? 2 : 0));
    }
}

std::vector<std::int32_t> QuadTree::spatialOrder(const double* y, std::size_t n) const {
    auto spread = [](std::uint32_t v) {  // 16 bits -> every other bit of 32
        std::uint64_t x = v & 0xFFFF;
        x = (x | (x << 8)) & 0x00FF00FF;
        x = (x | (x << 4)) & 0x0F0F0F0F;
        x = (x | (x << 2)) & 0x33333333;
        x = (x | (x << 1)) & 0x55555555;
        return x;
    };
    const Node& root = nodes_.front();
    const double x0 = root.cx - root.half, y0 = root.cy - root.half,
                 scale = 65535 / (2 * root.half);
    std::vector<std::pair<std::uint64_t, std::int32_t>> keys(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto qx =
            static_cast<std::uint32_t>(std::clamp((y[2 * i] - x0) * scale, 0.0, 65535.0));
        const auto qy =
            static_cast<std::uint32_t>(std::clamp((y[2 * i + 1] - y0) * scale, 0.0, 65535.0));
        keys[i] = {spread(qx) | (spread(qy) << 1), static_cast<std::int32_t>(i)};
    }
    std::sort(keys.begin(), keys.end());
    std::vector<std::int32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = keys[i].second;
    return order;
}

double QuadTree::repulsion(double px, double py, double theta, double& fx, double& fy) const {
    // Explicit stack: at most 3 siblings wait per level.
    std::int32_t stack[4 * kMaxDepth + 8];
    int top = 0;
    stack[top++] = 0;
    double sumQ = 0;
    const double theta2 = theta * theta;
    while (top > 0) {
        const Cell& cell = cells_[static_cast<std::size_t>(stack[--top])];
        const double dx = px - cell.mx, dy = py - cell.my;
        const double d2 = dx * dx + dy * dy;
        const bool leaf = cell.firstChild < 0;
        if (leaf && d2 == 0) {
            sumQ += cell.count - 1;  // the point's duplicates: q = 1, no direction
            continue;
        }
        if (leaf || cell.width2 < theta2 * d2) {
            const double q = 1 / (1 + d2);
            sumQ += cell.count * q;
            const double m = cell.count * q * q;
            fx += m * dx;
            fy += m * dy;
            continue;
        }
        for (int c = 0; c < 4; ++c) {
            const std::int32_t child = cell.firstChild + c;
            if (cells_[static_cast<std::size_t>(child)].count > 0) stack[top++] = child;
        }
    }
    return sumQ;
}

}  // namespace featurelab::inspection
