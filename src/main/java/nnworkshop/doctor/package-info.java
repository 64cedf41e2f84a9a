/**
 * {@code ./workshop doctor}: one line per thing the workshop needs on a laptop (Java and the
 * Vector API, the build, the data, libtorch, Jupyter, Chromium, disk, memory), each with the command
 * that fixes it ({@link nnworkshop.doctor.Doctor}).
 */
package nnworkshop.doctor;
