// Horizontal probability bars, one per label, largest first; optionally one label highlighted
// (the true class).
#pragma once

#include <QPair>
#include <QVector>
#include <QWidget>

class ProbabilityBars : public QWidget {
    Q_OBJECT
public:
    explicit ProbabilityBars(QWidget* parent = nullptr);

    /// Shows at most maxBars entries, sorted by probability.
    void setBars(const QVector<QPair<QString, double>>& bars, const QString& highlight = {},
                 int maxBars = 10);
    const QVector<QPair<QString, double>>& bars() const { return bars_; }
    void setPlaceholder(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QVector<QPair<QString, double>> bars_;
    QString highlight_;
    QString placeholder_;
};
