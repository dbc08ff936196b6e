package dev.taskplatform.consumer;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A batch's rows as columns for one multi-row statement ({@code unnest(CAST(? AS
 * uuid[]), CAST(? AS text[]), …)}): the same statement text whatever the batch's size, so
 * that PostgreSQL parses and plans it once per connection, and one array parameter per
 * column instead of one parameter per value.
 */
public final class SqlColumns {

	private SqlColumns() {
	}

	/**
	 * One column as a text array, for PostgreSQL to cast to the column's type: UUIDs,
	 * ISO-8601 instants ({@code Instant.toString()}), numbers and enum names read back as
	 * themselves.
	 * @param <T> the row type
	 * @param rows the rows
	 * @param value the column's value in a row, {@code null} for SQL NULL
	 * @return the column
	 */
	public static <T> @Nullable String[] text(List<T> rows, Function<T, @Nullable Object> value) {
		@Nullable String[] column = new String[rows.size()];
		for (int i = 0; i < column.length; i++) {
			Object cell = value.apply(rows.get(i));
			column[i] = (cell != null) ? cell.toString() : null;
		}
		return column;
	}

}
