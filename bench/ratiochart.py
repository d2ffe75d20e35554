"""The ratio charts of bench/results (latest.svg of bench/compare, juc.svg of bench/juc): horizontal bars of one
time-per-op ratio or more per row on a log2 axis, a line at parity (1x), a red tick at each bar's target and, where
a ratio has one, its interval as a whisker. Lower is better."""
import math


def write(path, title, subtitle, rows, series, lo=1 / 8, hi=16.0):
    """ROWS: (label, [(ratio or None, target, (low, high) or None) per series]); SERIES: [(legend, colour)]."""
    left, width, bar, gap, top = 190, 560, 8, 8, 50
    height = top + len(rows) * (len(series) * bar + gap) + 50

    def x(v):
        v = min(max(v, lo), hi)
        return left + width * (math.log2(v) - math.log2(lo)) / (math.log2(hi) - math.log2(lo))

    s = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 80}" height="{height}" '
         'font-family="sans-serif" font-size="11">',
         '<rect width="100%" height="100%" fill="white"/>',
         f'<text x="10" y="18" font-size="13" font-weight="bold">{title}</text>',
         f'<text x="10" y="34" fill="#555">{subtitle}</text>']
    t = lo
    while t <= hi:
        s.append(f'<line x1="{x(t):.1f}" y1="{top - 6}" x2="{x(t):.1f}" y2="{height - 40}" '
                 f'stroke="{"#000" if t == 1 else "#ddd"}" stroke-width="{1.5 if t == 1 else 1}"/>')
        s.append(f'<text x="{x(t):.1f}" y="{height - 26}" text-anchor="middle">{t:g}x</text>')
        t *= 2
    y = top
    for label, bars in rows:
        s.append(f'<text x="{left - 6}" y="{y + bar + 3}" text-anchor="end">{label}</text>')
        for (v, target, interval), (_, color) in zip(bars, series):
            if v:
                x0, x1 = x(1), x(v)
                s.append(f'<rect x="{min(x0, x1):.1f}" y="{y}" width="{abs(x1 - x0):.1f}" height="{bar - 1}" '
                         f'fill="{color}"/>')
                start, end = x1, max(x0, x1)
                if interval:
                    a, b, mid = x(interval[0]), x(interval[1]), y + (bar - 1) / 2
                    s.append(f'<path d="M{a:.1f} {y}v{bar - 1}M{a:.1f} {mid:.1f}H{b:.1f}M{b:.1f} {y}v{bar - 1}" '
                             'stroke="#333" fill="none"/>')
                    start, end = min(start, a), max(end, b)
                if v < lo:  # off the scale: labelled inside the clipped end of its bar
                    s.append(f'<text x="{x(lo) + 3:.1f}" y="{y + bar - 1}" font-size="9" fill="white">'
                             f'{v:.2f} (off scale)</text>')
                elif v < 1 and start - 3 > left + 24:  # a gain is labelled at its bar's far end, on the left
                    s.append(f'<text x="{start - 3:.1f}" y="{y + bar - 1}" font-size="9" text-anchor="end">'
                             f'{v:.2f}</text>')
                else:
                    s.append(f'<text x="{end + 3:.1f}" y="{y + bar - 1}" font-size="9">{v:.2f}</text>')
                s.append(f'<line x1="{x(target):.1f}" y1="{y - 1}" x2="{x(target):.1f}" y2="{y + bar}" '
                         'stroke="#c00" stroke-width="2"/>')
            y += bar
        y += gap
    legend = [f'<rect x="{left + 80 * i}" y="{height - 16}" width="10" height="8" fill="{color}"/>'
              f'<text x="{left + 80 * i + 14}" y="{height - 8}">{name}</text>' for i, (name, color) in enumerate(series)]
    tx = left + 80 * len(series) + 10
    legend.append(f'<line x1="{tx}" y1="{height - 17}" x2="{tx}" y2="{height - 7}" stroke="#c00" '
                  f'stroke-width="2"/><text x="{tx + 6}" y="{height - 8}">target</text>')
    if any(iv for _, bars in rows for _, _, iv in bars):
        legend.append(f'<path d="M{tx + 60} {height - 16}v8M{tx + 60} {height - 12}H{tx + 80}M{tx + 80} '
                      f'{height - 16}v8" stroke="#333" fill="none"/><text x="{tx + 86}" y="{height - 8}">'
                      '90 % interval</text>')
    s.append("".join(legend))
    s.append("</svg>")
    open(path, "w").write("\n".join(s) + "\n")
