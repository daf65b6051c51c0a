// A panel that only shows a title and a hint; used for docks whose content is not built yet.
#pragma once

#include <QWidget>

class QLabel;

class PlaceholderPanel : public QWidget {
    Q_OBJECT
public:
    explicit PlaceholderPanel(const QString& title, const QString& hint, QWidget* parent = nullptr);
    QString title() const { return title_; }

private:
    QString title_;
};
