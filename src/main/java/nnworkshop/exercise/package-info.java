/**
 * The checks of the notebooks' exercises: one class per notebook ({@link nnworkshop.exercise.Lab02}
 * for Part 2's lab, …), each check running the learner's code against the engine and saying in
 * words what is wrong — a shape (which array, expected against got), a missing 1/N, W where Wᵀ
 * belongs, a forgotten ReLU mask, an overflowing softmax, pixels left as 0..255 — without ever
 * printing the expected numbers.
 *
 * <p>A learner's unfinished function throws {@link nnworkshop.exercise.NotImplementedYet} (the stub
 * the student edition puts in place of each solution); a check reports it as "not implemented
 * yet". Checks print their verdict and never throw, unless {@link nnworkshop.exercise.Checks#strict}
 * is on (the instructor edition turns it on, so that a solution that stops passing fails the run).
 * Nothing here imports DJL: Part 4's checks take autograd's gradients as plain arrays.
 */
package nnworkshop.exercise;
