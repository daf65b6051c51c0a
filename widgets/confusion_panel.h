// The Confusion matrix panel: the heat map in a scroll area, overall accuracy, and CSV/PNG
// export. Clicking a cell emits cellClicked so the app can filter the gallery.
#pragma once

#include <QWidget>

class ConfusionView;
class QLabel;

class ConfusionPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionPanel(QWidget* parent = nullptr);

    void setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& counts);
    ConfusionView* view() const { return view_; }
    QLabel* accuracyLabel() const { return accuracy_; }

    bool exportCsv(const QString& file) const;
    bool exportPng(const QString& file) const;

Q_SIGNALS:
    void cellClicked(int trueLabel, int predicted);

private:
    ConfusionView* view_ = nullptr;
    QLabel* accuracy_ = nullptr;
};
