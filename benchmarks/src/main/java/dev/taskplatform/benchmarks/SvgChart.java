package dev.taskplatform.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plain SVG line chart (time on the x axis), readable in a browser and on GitHub, with
 * the load phases shaded.
 */
final class SvgChart {

	private static final String[] COLOURS = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
			"#e377c2", "#7f7f7f" };

	private static final int WIDTH = 900;

	private static final int HEIGHT = 320;

	private static final int LEFT = 60;

	private static final int RIGHT = 220;

	private static final int TOP = 30;

	private static final int BOTTOM = 40;

	private SvgChart() {
	}

	/**
	 * Draws the chart.
	 * @param title the title
	 * @param unit the y axis' unit
	 * @param series name to points (time in seconds, value)
	 * @param bands shaded spans, label to {start, end} in seconds
	 * @return the SVG document
	 */
	static String draw(String title, String unit, Map<String, List<double[]>> series, Map<String, double[]> bands) {
		double maxTime = 1;
		double maxValue = 0;
		for (List<double[]> points : series.values()) {
			for (double[] point : points) {
				maxTime = Math.max(maxTime, point[0]);
				maxValue = Math.max(maxValue, point[1]);
			}
		}
		maxValue = niceCeiling(maxValue);
		double plotWidth = WIDTH - LEFT - RIGHT;
		double plotHeight = HEIGHT - TOP - BOTTOM;
		StringBuilder svg = new StringBuilder();
		svg.append(format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
				+ "font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
		svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
		svg.append(format("<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", LEFT,
				escape(title)));
		int band = 0;
		for (Map.Entry<String, double[]> entry : bands.entrySet()) {
			double x0 = LEFT + plotWidth * entry.getValue()[0] / maxTime;
			double x1 = LEFT + plotWidth * entry.getValue()[1] / maxTime;
			svg.append(format("<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n", x0, TOP,
					Math.max(1, x1 - x0), plotHeight, (band++ % 2 == 0) ? "#eef3fb" : "#f6f6f6"));
			svg.append(format("<text x=\"%.1f\" y=\"%d\" fill=\"#555\">%s</text>%n", x0 + 2, TOP + 12,
					escape(entry.getKey())));
		}
		for (int tick = 0; tick <= 4; tick++) {
			double y = TOP + plotHeight - plotHeight * tick / 4;
			svg.append(format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, y,
					LEFT + plotWidth, y));
			svg.append(format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 4, y + 4,
					label(maxValue * tick / 4)));
		}
		for (int tick = 0; tick <= 6; tick++) {
			double x = LEFT + plotWidth * tick / 6;
			svg.append(format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%ds</text>%n", x, HEIGHT - BOTTOM + 16,
					Math.round(maxTime * tick / 6)));
		}
		svg.append(format("<text x=\"12\" y=\"%d\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>%n",
				TOP + (int) plotHeight / 2, TOP + (int) plotHeight / 2, escape(unit)));
		int index = 0;
		for (Map.Entry<String, List<double[]>> entry : series.entrySet()) {
			String colour = COLOURS[index % COLOURS.length];
			StringBuilder path = new StringBuilder();
			for (double[] point : entry.getValue()) {
				double x = LEFT + plotWidth * point[0] / maxTime;
				double y = TOP + plotHeight - ((maxValue > 0) ? plotHeight * point[1] / maxValue : 0);
				path.append(path.isEmpty() ? "M" : " L").append(format("%.1f %.1f", x, y));
			}
			svg.append(format("<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"/>%n", path, colour));
			double legendY = TOP + 14 + index * 16;
			svg.append(format("<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"%s\"/>%n",
					LEFT + plotWidth + 10, legendY - 9, colour));
			svg.append(format("<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", LEFT + plotWidth + 24, legendY,
					escape(entry.getKey())));
			index++;
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	/** 1, 2 or 5 times a power of ten, at least the value. */
	static double niceCeiling(double value) {
		if (value <= 0) {
			return 1;
		}
		double power = Math.pow(10, Math.floor(Math.log10(value)));
		for (double step : new double[] { 1, 2, 5, 10 }) {
			if (step * power >= value) {
				return step * power;
			}
		}
		return 10 * power;
	}

	private static String label(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : format("%.1f", value);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String format(String pattern, Object... arguments) {
		return String.format(Locale.ROOT, pattern, arguments);
	}

}
