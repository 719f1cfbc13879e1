// Which shard a process runs, from flags and the scheduler's environment
// (detectShard is pure: an env object in, a shard or a ConfigError out).
// Slurm: the task's position in the array, counted from 1, whether the
// array starts at 0 or 1; Kubernetes: JOB_COMPLETION_INDEX (from 0) + 1 of
// --shards N; --shard I/N wins over both; bad values are refused.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../harness/config/errors.js';
import { detectShard, type ShardEnv, type ShardFlags } from '../harness/runner/shard.js';

/** `sbatch --array=LO-HI[:STEP]` as Slurm sets it for the task with this ID. */
function slurm(id: number, lo: number, hi: number, step = 1): ShardEnv {
  return {
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(lo),
    SLURM_ARRAY_TASK_MAX: String(hi),
    SLURM_ARRAY_TASK_STEP: String(step),
    SLURM_ARRAY_TASK_COUNT: String((hi - lo) / step + 1),
  };
}

const shardOf = (flags: ShardFlags, env: ShardEnv): [number, number] | null => {
  const d = detectShard(flags, env);
  return d === null ? null : [d.shard.index, d.shard.count];
};

function refused(flags: ShardFlags, env: ShardEnv, message: RegExp): void {
  let error: unknown;
  try {
    detectShard(flags, env);
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as Error).message).toMatch(message);
}

describe('shard detection', () => {
  it('runs the whole grid with no flag and no scheduler variables', () => {
    expect(detectShard({}, {})).toBeNull();
    expect(detectShard({}, { SLURM_JOB_ID: '77', HOME: '/root' })).toBeNull();
  });

  it('reads --shard I/N', () => {
    const d = detectShard({ shard: '2/4' }, {});
    expect(d).toEqual({ shard: { index: 2, count: 4 }, source: 'flag', reason: 'from --shard 2/4' });
  });

  it('maps a Slurm array starting at 0 and one starting at 1 to the same shards 1..N', () => {
    const from0 = [0, 1, 2, 3].map((id) => shardOf({}, slurm(id, 0, 3)));
    const from1 = [1, 2, 3, 4].map((id) => shardOf({}, slurm(id, 1, 4)));
    expect(from0).toEqual([[1, 4], [2, 4], [3, 4], [4, 4]]);
    expect(from1).toEqual(from0);
    // Any start and a step: --array=10-40:10 is 4 tasks.
    expect(shardOf({}, slurm(30, 10, 40, 10))).toEqual([3, 4]);
    expect(detectShard({}, slurm(2, 1, 4))?.source).toBe('slurm');
  });

  it('reads the Slurm ID with COUNT alone as counted from 0, and MIN/MAX alone', () => {
    expect(shardOf({}, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual([1, 3]);
    expect(shardOf({}, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual([3, 3]);
    expect(shardOf({}, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8' })).toEqual([5, 8]);
    expect(shardOf({}, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '1' })).toEqual([1, 2]);
    refused({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' }, /task ID 3 is position 4 of an array of 3 \(IDs read as counted from 0 because SLURM_ARRAY_TASK_MIN is not set\)/);
  });

  it('refuses Slurm arrays it cannot map to shards', () => {
    refused({}, { SLURM_ARRAY_TASK_ID: '2' }, /neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MIN\/MAX is set.*pass --shard I\/N/);
    // --array=1,3,8: three tasks over IDs 1..8.
    refused({}, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_STEP: '1' }, /the array has holes; submit a contiguous array/);
    refused({}, { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '3' }, /SLURM_ARRAY_TASK_ID="x" is not a whole number/);
    refused({}, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4' }, /task ID is not in the array/);
  });

  it('reads a Kubernetes Indexed Job index (from 0) with --shards N', () => {
    const d = detectShard({ shards: '3' }, { JOB_COMPLETION_INDEX: '0' });
    expect(d?.shard).toEqual({ index: 1, count: 3 });
    expect(d?.source).toBe('kubernetes');
    expect(shardOf({ shards: '3' }, { JOB_COMPLETION_INDEX: '2' })).toEqual([3, 3]);
    expect(d?.reason).toMatch(/JOB_COMPLETION_INDEX=0, counted from 0, with --shards 3/);
  });

  it('refuses a Kubernetes index without --shards, or beyond it, with the fix', () => {
    refused({}, { JOB_COMPLETION_INDEX: '1' }, /JOB_COMPLETION_INDEX=1 .* pass --shards N with N equal to the Job's spec.completions, or --shard I\/N/);
    refused({ shards: '3' }, { JOB_COMPLETION_INDEX: '3' }, /counted from 0, so it must be below --shards 3/);
  });

  it('lets --shard win over the environment, and says so', () => {
    const d = detectShard({ shard: '1/2' }, { ...slurm(3, 0, 3), JOB_COMPLETION_INDEX: '5' });
    expect(d?.shard).toEqual({ index: 1, count: 2 });
    expect(d?.source).toBe('flag');
    expect(d?.reason).toBe('from --shard 1/2 (overriding SLURM_ARRAY_TASK_ID=3 and JOB_COMPLETION_INDEX=5 in the environment)');
    // Even a broken Slurm environment does not matter when --shard is given.
    expect(shardOf({ shard: '2/2' }, { SLURM_ARRAY_TASK_ID: '9' })).toEqual([2, 2]);
  });

  it.each([
    ['0/4', /shards are counted from 1 to 4, got 0/],
    ['5/4', /shards are counted from 1 to 4, got 5/],
    ['1/0', /the shard count must be at least 1/],
    ['1.5/4', /expected I\/N with whole numbers/],
    ['-1/4', /expected I\/N with whole numbers/],
    ['2', /expected I\/N with whole numbers/],
    ['a/b', /expected I\/N with whole numbers/],
    ['1/2/3', /expected I\/N with whole numbers/],
  ])('refuses --shard %s', (text, message) => refused({ shard: text }, {}, message));

  it('refuses contradictory or incomplete counts', () => {
    refused({ shard: '1/4', shards: '3' }, {}, /--shard 1\/4 and --shards 3 disagree/);
    refused({ shards: '4' }, {}, /--shards 4 gives the number of shards but not which one to run; pass --shard I\/4/);
    refused({ shards: '0' }, { JOB_COMPLETION_INDEX: '0' }, /--shards "0": expected a positive whole number/);
    refused({ shards: '3' }, slurm(1, 1, 4), /--shards 3 disagrees with the Slurm array of 4 tasks/);
    refused({}, { ...slurm(1, 1, 4), JOB_COMPLETION_INDEX: '0' }, /both a Slurm array .* and a Kubernetes Indexed Job .*pass --shard I\/N to choose/);
  });
});
