package dev.taskplatform.consumer;

/**
 * A table whose rows a service needs only for a while, e.g. the ids of the events it
 * processed, kept to recognise a redelivery: {@link RetentionPurge} deletes its rows once
 * they are older than {@code consumer.retention.keep}. A service declares one bean per
 * such table. The names are the service's own constants, never input.
 *
 * @param table the table
 * @param timeColumn the column that dates a row (indexed, e.g. BRIN for rows inserted in
 * time order)
 * @param condition which old rows may go (SQL), e.g. only those in a final state;
 * {@code TRUE} for all
 */
public record Retained(String table, String timeColumn, String condition) {

}
