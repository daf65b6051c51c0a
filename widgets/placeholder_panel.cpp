// Placeholder dock content.
#include "placeholder_panel.h"

#include <QLabel>
#include <QVBoxLayout>

PlaceholderPanel::PlaceholderPanel(const QString& title, const QString& hint, QWidget* parent)
    : QWidget(parent), title_(title) {
    auto* layout = new QVBoxLayout(this);
    auto* label = new QLabel(hint, this);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setEnabled(false);
    layout->addWidget(label);
}
