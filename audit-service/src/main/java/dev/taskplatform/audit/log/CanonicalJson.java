package dev.taskplatform.audit.log;

import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * The RFC 8785 (JSON Canonicalization Scheme) form of a JSON text: no whitespace; object
 * members sorted by the UTF-16 code units of their names; strings as ECMAScript's
 * {@code JSON.stringify} writes them (only the quotation mark, the backslash and the
 * controls below U+0020 escaped: {@code \b \t \n \f \r}, the others as a backslash, u and
 * four lowercase hex digits); numbers read as IEEE 754 doubles and written as
 * ECMAScript's {@code Number.prototype.toString} writes them ({@link EcmaScriptNumber}).
 * What the scheme cannot express is refused: duplicate member names, lone surrogates,
 * numbers beyond the range of a double.
 */
final class CanonicalJson {

	private static final JsonFactory FACTORY = new JsonFactory();

	private CanonicalJson() {
	}

	/**
	 * The canonical form of a JSON text.
	 * @param json one JSON value
	 * @return its RFC 8785 form
	 * @throws IllegalArgumentException if it is not JSON, or not I-JSON (RFC 7493) as RFC
	 * 8785 requires
	 */
	static String of(String json) {
		StringBuilder canonical = new StringBuilder(json.length());
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
			value(parser, parser.nextToken(), canonical);
			if (parser.nextToken() != null) {
				throw new IllegalArgumentException("more than one JSON value");
			}
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getOriginalMessage(), ex);
		}
		return canonical.toString();
	}

	private static void value(JsonParser parser, @Nullable JsonToken token, StringBuilder out) {
		if (token == null) {
			throw new IllegalArgumentException("no JSON value");
		}
		switch (token) {
			case START_OBJECT -> object(parser, out);
			case START_ARRAY -> array(parser, out);
			case VALUE_STRING -> string(parser.getString(), out);
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
				// the text as written, read as RFC 8785 reads every number: as a double
				out.append(EcmaScriptNumber.format(Double.parseDouble(parser.getString())));
			}
			case VALUE_TRUE -> out.append("true");
			case VALUE_FALSE -> out.append("false");
			case VALUE_NULL -> out.append("null");
			default -> throw new IllegalArgumentException("unexpected " + token);
		}
	}

	private static void object(JsonParser parser, StringBuilder out) {
		// String's natural order compares UTF-16 code units, the order RFC 8785 sorts by
		Map<String, String> members = new TreeMap<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
			String name = parser.currentName();
			StringBuilder member = new StringBuilder();
			value(parser, parser.nextToken(), member);
			if (members.put(name, member.toString()) != null) {
				throw new IllegalArgumentException("duplicate member name \"" + name + "\"");
			}
		}
		out.append('{');
		boolean first = true;
		for (Map.Entry<String, String> member : members.entrySet()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			string(member.getKey(), out);
			out.append(':').append(member.getValue());
		}
		out.append('}');
	}

	private static void array(JsonParser parser, StringBuilder out) {
		out.append('[');
		boolean first = true;
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			if (!first) {
				out.append(',');
			}
			first = false;
			value(parser, token, out);
		}
		out.append(']');
	}

	private static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\f' -> out.append("\\f");
				case '\r' -> out.append("\\r");
				default -> {
					if (c < 0x20) {
						out.append("\\u00")
							.append(Character.forDigit(c >> 4, 16))
							.append(Character.forDigit(c & 0xf, 16));
					}
					else if (Character.isHighSurrogate(c) && i + 1 < value.length()
							&& Character.isLowSurrogate(value.charAt(i + 1))) {
						out.append(c).append(value.charAt(++i));
					}
					else if (Character.isSurrogate(c)) {
						throw new IllegalArgumentException("lone surrogate " + Integer.toHexString(c) + " in a string");
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
