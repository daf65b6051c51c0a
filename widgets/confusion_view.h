// A confusion-matrix heat map: rows are true classes, columns predicted ones; each cell shows
// its count and row percentage when there is room, and a tooltip always. Clicking a cell
// emits cellClicked(true, predicted).
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class ConfusionView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionView(QWidget* parent = nullptr);

    void setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& counts);
    const QStringList& classes() const { return classes_; }
    const QVector<QVector<qint64>>& counts() const { return counts_; }
    /// The share of row t predicted as p (0 when the row is empty).
    double rowFraction(int t, int p) const;
    /// The text painted in the cell, empty when the cell is too small for text.
    QString cellText(int t, int p) const;
    QRect cellRect(int t, int p) const;
    QPoint cellAt(const QPoint& pos) const;  // (-1, -1) outside
    void setSelectedCell(int t, int p);
    QPoint selectedCell() const { return selected_; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void cellClicked(int trueLabel, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    int cellSize() const;
    QFont cellFont() const;
    QRect gridRect() const;
    int labelMargin() const;

    QStringList classes_;
    QVector<QVector<qint64>> counts_;
    QPoint selected_{-1, -1};
};
