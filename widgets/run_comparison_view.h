// Runs side by side: each run's stage table next to the others' (the best stage in bold, each
// run headed in its curve colour), and their settings with the ones that differ highlighted.
#pragma once

#include <QWidget>

#include "history_types.h"

class QCheckBox;
class QHBoxLayout;
class QLabel;
class QTabWidget;
class QTableWidget;

class RunComparisonView : public QWidget {
    Q_OBJECT
public:
    explicit RunComparisonView(QWidget* parent = nullptr);

    void setComparison(const RunComparison& comparison);
    void clear();

    /// One stage table per compared run, in order.
    QList<QTableWidget*> stageTables() const { return stageTables_; }
    /// Stage | setting | one column per run.
    QTableWidget* settingsTable() const { return settings_; }
    QCheckBox* onlyDifferences() const { return onlyDifferences_; }
    QTabWidget* tabs() const { return tabs_; }
    /// Rows of settingsTable() that are highlighted as differing.
    QList<int> differingRows() const;

private:
    void fillSettings();
    void scrollToDifference();

    QTabWidget* tabs_ = nullptr;
    QLabel* hint_ = nullptr;
    QLabel* problems_ = nullptr;
    QWidget* stagesPage_ = nullptr;
    QHBoxLayout* stagesLayout_ = nullptr;
    QList<QTableWidget*> stageTables_;
    QList<QWidget*> stageBoxes_;
    QTableWidget* settings_ = nullptr;
    QCheckBox* onlyDifferences_ = nullptr;
    RunComparison comparison_;
};
