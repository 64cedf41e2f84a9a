/**
 * The Lab ({@code ./workshop lab}): a local web server (Javalin on Jetty) whose page lets a
 * learner draw a digit and watch both networks — from scratch and libtorch — read it (the 28×28
 * input they see, their ten probabilities, the hidden layer, the first-layer templates that
 * counted most), and train a new network live, its losses streamed as server-sent events.
 * <ul>
 *   <li>{@link nnworkshop.lab.Lab} — the server, its routes and its guards (loopback, token, Host, Origin, size);</li>
 *   <li>{@code LiveModel} — one drawing model: its engine behind one worker thread that batches requests;</li>
 *   <li>{@code LiveTraining} — one training at a time through {@code train.Training}, its events kept per run;</li>
 *   <li>{@code DefaultModels} — the default models, trained with augmentation at the first start, then cached;</li>
 *   <li>{@code Inputs}, {@code TrainRequest} — the request bodies, read and checked (400 with one line);</li>
 * </ul>
 * It uses {@code compare.Impl} to make the engines, {@code train} to train them, {@code data} and
 * {@code model} for images and files; nothing here imports DJL.
 */
package nnworkshop.lab;
