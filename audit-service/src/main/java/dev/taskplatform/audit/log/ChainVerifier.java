package dev.taskplatform.audit.log;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-walks the whole chain: every record must carry the next sequence and the hash of its
 * content (with its own hash scheme) and of the record before it.
 */
@Service
class ChainVerifier {

	private final AuditRepository repository;

	ChainVerifier(AuditRepository repository) {
		this.repository = repository;
	}

	@Transactional(readOnly = true)
	public Verification verify() {
		Walk walk = new Walk();
		this.repository.walk(walk::visit);
		return new Verification(walk.broken == null, walk.checked, walk.broken);
	}

	private static final class Walk {

		private long checked;

		private long expectedSequence = 1;

		private String previousHash = HashChain.GENESIS;

		private @Nullable Long broken;

		void visit(AuditRecord record) {
			this.checked++;
			if (this.broken == null) {
				if (record.sequence() != this.expectedSequence) {
					// a record is missing (or one was inserted with a foreign sequence)
					this.broken = Math.min(record.sequence(), this.expectedSequence);
				}
				else if (!HashChain.holds(record, this.previousHash)) {
					this.broken = record.sequence();
				}
			}
			this.expectedSequence = record.sequence() + 1;
			this.previousHash = record.hash();
		}

	}

	/**
	 * The outcome of a verification.
	 *
	 * @param valid whether the whole chain holds
	 * @param checked how many records were checked
	 * @param firstBrokenSequence the first record that does not fit the chain, if any
	 */
	record Verification(boolean valid, long checked, @Nullable Long firstBrokenSequence) {

	}

}
