// The LR finder's result: loss against LR (log axis) with the suggested LR marked, and "Use this
// LR" to put it into the stage's ladder row. Plain values only (no engine types).
#pragma once

#include <QDialog>
#include <QMetaType>
#include <QString>
#include <QVector>

class QChartView;
class QLabel;
class QPushButton;

/// One finished sweep, as the engine reported it.
struct LrCurve {
    QString stage;
    QVector<double> lrs, losses, smoothed;
    double suggested = 0;
    QString method;  // the engine's sentence on how suggested was chosen
    bool diverged = false;
};
Q_DECLARE_METATYPE(LrCurve)

class LrFinderDialog : public QDialog {
    Q_OBJECT
public:
    explicit LrFinderDialog(const LrCurve& curve, QWidget* parent = nullptr);
    /// The LR "Use this LR" applies: the suggestion rounded to two significant digits.
    double suggestedLr() const { return lr_; }
    QChartView* chartView() const { return view_; }
    QPushButton* useButton() const { return use_; }

Q_SIGNALS:
    void useLr(const QString& stage, double lr);

private:
    QChartView* view_ = nullptr;
    QPushButton* use_ = nullptr;
    double lr_ = 0;
};
