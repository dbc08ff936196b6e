/**
 * The chaos suite: the whole fleet under a steady load, its parts killed and cut off one
 * after another, then every effect of every accepted task counted ({@link ChaosRun}).
 */
@NullMarked
package dev.taskplatform.chaos;

import org.jspecify.annotations.NullMarked;
