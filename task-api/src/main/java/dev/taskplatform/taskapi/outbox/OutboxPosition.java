package dev.taskplatform.taskapi.outbox;

/**
 * Where a row stands in the outbox's order: by writing transaction, then by row.
 *
 * @param xid the writing transaction ({@code pg_current_xact_id()})
 * @param id the row's id, increasing within a transaction
 */
record OutboxPosition(long xid, long id) implements Comparable<OutboxPosition> {

	static final OutboxPosition START = new OutboxPosition(0, 0);

	@Override
	public int compareTo(OutboxPosition other) {
		int byTransaction = Long.compare(this.xid, other.xid);
		return (byTransaction != 0) ? byTransaction : Long.compare(this.id, other.id);
	}

	@Override
	public String toString() {
		return this.xid + "/" + this.id;
	}

}
