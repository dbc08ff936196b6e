/**
 * The benchmark: the whole fleet under Gatling load, with a report (docs/benchmarks.md).
 */
@NullMarked
package dev.taskplatform.benchmarks;

import org.jspecify.annotations.NullMarked;
