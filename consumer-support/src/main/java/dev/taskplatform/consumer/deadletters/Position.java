package dev.taskplatform.consumer.deadletters;

/**
 * Where a scan of a dead-letter topic goes on: partitions are read in order, each from an
 * offset. Written {@code <partition>:<offset>}, e.g. {@code 3:120}, as the {@code page}
 * an answer gives for its next page.
 *
 * @param partition the partition
 * @param offset the first offset not read yet there
 */
public record Position(int partition, long offset) {

	/**
	 * Reads a position as {@link #toString()} writes it.
	 * @param text e.g. {@code 3:120}
	 * @return the position
	 * @throws IllegalArgumentException when it is not one
	 */
	public static Position parse(String text) {
		int colon = text.indexOf(':');
		try {
			if (colon > 0) {
				Position position = new Position(Integer.parseInt(text.substring(0, colon)),
						Long.parseLong(text.substring(colon + 1)));
				if (position.partition >= 0 && position.offset >= 0) {
					return position;
				}
			}
		}
		catch (NumberFormatException ex) {
			// said below
		}
		throw new IllegalArgumentException("page must be <partition>:<offset> as a previous answer gave it");
	}

	@Override
	public String toString() {
		return this.partition + ":" + this.offset;
	}

}
