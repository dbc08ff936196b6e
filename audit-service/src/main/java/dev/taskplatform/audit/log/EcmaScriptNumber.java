package dev.taskplatform.audit.log;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

/**
 * Numbers as ECMAScript writes them ({@code Number.prototype.toString}), which is how RFC
 * 8785 writes every JSON number.
 */
final class EcmaScriptNumber {

	private EcmaScriptNumber() {
	}

	/**
	 * A number as ECMAScript's {@code Number.prototype.toString} writes it: the shortest
	 * decimal that reads back as the same double (the closest of them), as an integer or
	 * a fraction from 1e-6 up to (not including) 1e21, else in exponent form
	 * ({@code 1e+21}, {@code 1e-7}).
	 * @param value the number
	 * @return its RFC 8785 form
	 * @throws IllegalArgumentException for NaN and the infinities
	 */
	static String format(double value) {
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException(value + " is not a JSON number");
		}
		if (value == 0) {
			// -0 too
			return "0";
		}
		Decimal decimal = Decimal.shortest(Math.abs(value));
		String digits = decimal.digits();
		int k = digits.length();
		int n = decimal.n();
		StringBuilder out = new StringBuilder(k + 25);
		if (value < 0) {
			out.append('-');
		}
		if (k <= n && n <= 21) {
			out.append(digits).append("0".repeat(n - k));
		}
		else if (0 < n && n <= 21) {
			out.append(digits, 0, n).append('.').append(digits, n, k);
		}
		else if (-6 < n && n <= 0) {
			out.append("0.").append("0".repeat(-n)).append(digits);
		}
		else {
			out.append(digits.charAt(0));
			if (k > 1) {
				out.append('.').append(digits, 1, k);
			}
			out.append('e').append((n - 1 < 0) ? '-' : '+').append(Math.abs(n - 1));
		}
		return out.toString();
	}

	/**
	 * A positive decimal, 0.{@code digits} × 10^{@code n} (ECMAScript's s, k and n).
	 *
	 * @param digits its significant digits, without leading or trailing zeros
	 * @param n where its decimal point is
	 */
	private record Decimal(String digits, int n) {

		/**
		 * The shortest decimal that reads back as a positive double, the closest of them.
		 * Since JDK 19 {@link Double#toString(double)} gives its digits ("ddd.ddd" or
		 * "d.dddE±x"), except where one digit would do: it then picks the closest of one
		 * or two digits (4.9E-324 for the smallest subnormal, where ECMAScript writes
		 * 5e-324).
		 */
		static Decimal shortest(double magnitude) {
			String text = Double.toString(magnitude);
			int e = text.indexOf('E');
			String mantissa = (e < 0) ? text : text.substring(0, e);
			int exponent = (e < 0) ? 0 : Integer.parseInt(text.substring(e + 1));
			int point = mantissa.indexOf('.');
			String all = mantissa.substring(0, point) + mantissa.substring(point + 1);
			int lead = 0;
			while (all.charAt(lead) == '0') {
				lead++;
			}
			int trail = all.length();
			while (all.charAt(trail - 1) == '0') {
				trail--;
			}
			Decimal decimal = new Decimal(all.substring(lead, trail), point + exponent - lead);
			return (decimal.digits().length() == 2) ? decimal.oneDigitFor(magnitude) : decimal;
		}

		/**
		 * Of the two one-digit decimals either side of this two-digit one, the closer to
		 * the double that reads back as it; this decimal if neither does.
		 */
		private Decimal oneDigitFor(double magnitude) {
			int first = this.digits.charAt(0) - '0';
			Decimal below = new Decimal(Integer.toString(first), this.n);
			// above 9 is 10: the digit 1, the point a place further
			Decimal above = (first < 9) ? new Decimal(Integer.toString(first + 1), this.n)
					: new Decimal("1", this.n + 1);
			BigDecimal exact = new BigDecimal(magnitude);
			Decimal closest = this;
			@Nullable BigDecimal closestDistance = null;
			for (Decimal candidate : new Decimal[] { below, above }) {
				BigDecimal value = candidate.value();
				if (value.doubleValue() == magnitude) {
					BigDecimal distance = exact.subtract(value).abs();
					if (closestDistance == null || distance.compareTo(closestDistance) < 0) {
						closest = candidate;
						closestDistance = distance;
					}
				}
			}
			return closest;
		}

		private BigDecimal value() {
			return new BigDecimal(this.digits).scaleByPowerOfTen(this.n - this.digits.length());
		}

	}

}
