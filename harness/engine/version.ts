/**
 * The version of gapbench's numerics, recorded in run manifests and in
 * regression baselines (`gapbench check`).
 *
 * Bump ENGINE_VERSION in the same commit as any change that moves a number
 * on purpose: a kernel computed in another order, a new initialiser,
 * optimiser or loss detail, a task generator drawing in another order.
 * Do not bump it for refactors that leave every metric bit-identical — that
 * is exactly what `gapbench check` verifies.
 *
 * Why it exists: a baseline made by engine N is compared bit for bit only
 * by engine N. A user who upgrades gapbench to engine N+1 with an old
 * baseline committed in their repository gets tolerance mode (accuracy
 * within ±δ, solved/unsolved flips, means over replicates) instead of a
 * failure on every cell, until they regenerate it with
 * `gapbench check --update`. Baselines committed in this repository are
 * regenerated in the bumping commit.
 */
// 2: the fast backend's multiply-adds are fused (relaxed SIMD FMA), and its
//    tanh writes exact ±1 past the clamp instead of relying on the rational.
//    Reference-backend numbers did not change, but the version is one per
//    build: engine-1 reference folders are not resumed by this build, and
//    their baselines are compared in tolerance mode until regenerated.
export const ENGINE_VERSION = 2;
