// Confusion matrix panel: layout, accuracy line and exports.
#include "confusion_panel.h"

#include <QLabel>
#include <QSaveFile>
#include <QScrollArea>
#include <QTextStream>
#include <QVBoxLayout>

#include "confusion_view.h"

ConfusionPanel::ConfusionPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    accuracy_ = new QLabel(tr("Rows: true class. Columns: predicted class. Click a cell to see "
                              "its images in the gallery."),
                           this);
    accuracy_->setObjectName(QStringLiteral("confusionSummary"));
    accuracy_->setWordWrap(true);
    layout->addWidget(accuracy_);
    view_ = new ConfusionView;
    view_->setObjectName(QStringLiteral("confusionView"));
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(view_);
    scroll->setWidgetResizable(true);  // the view fills the dock and scrolls only at its minimum
    layout->addWidget(scroll, 1);
    connect(view_, &ConfusionView::cellClicked, this, &ConfusionPanel::cellClicked);
}

void ConfusionPanel::setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& counts) {
    view_->setMatrix(classes, counts);
    qint64 correct = 0, total = 0;
    for (int t = 0; t < counts.size(); ++t)
        for (int p = 0; p < counts[t].size(); ++p) {
            total += counts[t][p];
            if (t == p) correct += counts[t][p];
        }
    accuracy_->setText(total == 0 ? tr("No predictions.")
                                  : tr("Accuracy %1% (%2 of %3). Rows: true class. Columns: "
                                       "predicted class. Click a cell to see its images.")
                                        .arg(100.0 * correct / total, 0, 'f', 2)
                                        .arg(correct)
                                        .arg(total));
}

bool ConfusionPanel::exportCsv(const QString& file) const {
    // QSaveFile: a failed export leaves the previous file as it was, never half a file.
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text)) return false;
    QTextStream out(&f);
    // Same layout as the engine's confusion.csv.
    out << "true\\predicted";
    for (const QString& c : view_->classes()) out << ',' << c;
    out << '\n';
    for (int t = 0; t < view_->classes().size(); ++t) {
        out << view_->classes()[t];
        for (qint64 v : view_->counts().value(t)) out << ',' << v;
        out << '\n';
    }
    out.flush();
    return out.status() == QTextStream::Ok && f.commit();
}

bool ConfusionPanel::exportPng(const QString& file) const {
    QSaveFile f(file);
    return f.open(QIODevice::WriteOnly) && view_->grab().save(&f, "PNG") && f.commit();
}
