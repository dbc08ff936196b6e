package dev.taskplatform.audit.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * RFC 8785's own examples (the sorting of section 3.2.3 with its test data's
 * {@code </script>}, the example of section 3.2.2; the numbers of its Appendix B are in
 * {@link EcmaScriptNumberTests}), the expected forms checked against ECMAScript's
 * {@code JSON.stringify}; and what the scheme refuses.
 */
class CanonicalJsonTests {

	@Test
	void numbersAreReadAsDoublesWhateverTheirSpelling() {
		String json = "[-0, 0.0, -0.0, 1E2, 9007199254740993, 100000000000000000000000, 1e21, 1e-7, "
				+ "123456789012345680000, 1.5e-323, 1e-323, 5e-324, 2.5E-5]";
		String expected = "[0,0,0,100,9007199254740992,1e+23,1e+21,1e-7,123456789012345680000,1.5e-323,1e-323,"
				+ "5e-324,0.000025]";

		assertThat(CanonicalJson.of(json)).isEqualTo(expected);
	}

	@Test
	void membersAreSortedByTheUtf16CodeUnitsOfTheirNames() {
		String json = "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", "
				+ "\"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\", \"1\": \"One\", "
				+ "\"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": \"Control\\u007f\", "
				+ "\"\\u00f6\": \"Latin Small Letter O With Diaeresis\", \"</script>\": \"Browser Challenge\"}";

		String expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"</script>\":\"Browser Challenge\","
				+ "\"\u0080\":\"Control\u007f\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\","
				+ "\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\","
				+ "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";

		assertThat(CanonicalJson.of(json)).isEqualTo(expected);
	}

	@Test
	void theExampleOfSection322() {
		String json = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
				+ "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
				+ "  \"literals\": [null, true, false]\n}";

		String expected = "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
				+ "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}";

		assertThat(CanonicalJson.of(json)).isEqualTo(expected);
	}

	@Test
	void controlsAreEscapedInLowercaseHexAndNestedMembersAreSortedToo() {
		String json = "{\"z\":{\"b\":[],\"a\":{}},\"\\u0001\\u001F\\b\\t\\n\\f\\r\":\"\\u0000 \\u001f\"}";
		String expected = "{\"\\u0001\\u001f\\b\\t\\n\\f\\r\":\"\\u0000 \\u001f\",\"z\":{\"a\":{},\"b\":[]}}";

		assertThat(CanonicalJson.of(json)).isEqualTo(expected);
	}

	@Test
	void textBeyondAsciiIsWrittenAsItIs() {
		assertThat(CanonicalJson.of("\"\\ud83d\\ude00 \\u00e9 \u00e9\"")).isEqualTo("\"\ud83d\ude00 \u00e9 \u00e9\"");
	}

	@Test
	void theSameDataSpelledDifferentlyHasOneForm() {
		String spelled = "{ \"b\" : [ 1.0, \"x\" ], \"a\" : { \"d\" : null, \"c\" : true } }";
		String respelled = "{\"a\":{\"c\":true,\"d\":null},\"b\":[1,\"\\u0078\"]}";

		assertThat(CanonicalJson.of(spelled)).isEqualTo(CanonicalJson.of(respelled))
			.isEqualTo("{\"a\":{\"c\":true,\"d\":null},\"b\":[1,\"x\"]}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1,\"a\":2}", "{\"a\":{\"b\":1,\"b\":1}}", "\"\\ud800\"", "\"\\udc00x\"",
			"[\"\\ude00\\ud83d\"]", "1e400", "-1e400", "{} {}", "", "{\"a\":", "[1,]", "NaN", "{'a':1}" })
	void whatTheSchemeCannotExpressIsRefused(String json) {
		assertThatIllegalArgumentException().isThrownBy(() -> CanonicalJson.of(json));
	}

}
