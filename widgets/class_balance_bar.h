// A horizontal bar split into one coloured segment per class, sized by its image count.
#pragma once

#include <QStringList>
#include <QVector>
#include <QWidget>

class ClassBalanceBar : public QWidget {
    Q_OBJECT
public:
    explicit ClassBalanceBar(QWidget* parent = nullptr);

    void setCounts(const QStringList& classes, const QVector<qint64>& counts);
    /// Each class's share of the total, in class order (empty when there is nothing).
    QVector<double> fractions() const;
    /// A distinct colour for class i that reads on light and dark palettes.
    static QColor classColor(int i);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList classes_;
    QVector<qint64> counts_;
};
