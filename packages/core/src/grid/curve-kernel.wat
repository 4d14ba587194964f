;; levelCurve's WebAssembly kernel (SIMD): every cell adds its z to the histogram bucket of the first
;; level above its W, four cells a step, without a branch on the bucket. Source of curve-kernel.ts:
;; after editing, run `pnpm --filter @floodzone/core build:wasm` (packages/core/scripts/build-curve-kernel.mjs,
;; wabt's wat2wasm); test/grid/curve-kernel.test.ts fails while the two differ.
;;
;; Memory (byte offsets; curve-wasm.ts lays it out and copies W and z in, a few rows at a time):
;;   0   slot table: T + 1 records of 16 B [f32 bnd, i32 base, i32 after, unused]; a cell in slot t
;;       goes to bucket address `after` if W >= bnd, else `base` (see setup);
;;   cb  thresholds c[0..m-1]: the smallest float32 >= each sorted level (for a float32 W,
;;       W >= level ⟺ W >= c), ascending; then c[m] = NaN;
;;   hb  buckets 0..m, 80 B each: 4 copies (one per SIMD lane, so the four cells of a step never add
;;       to the same place) of [f64 Σz, f64 count], then the 4 copies' f32 min z. Bucket j holds the
;;       cells with c[j-1] <= W < c[j] (they flood at levels j..m-1); bucket m holds W >= c[m-1] and
;;       NaN, and is never read;
;;   ob  totals per bucket 0..m-1: [f64 count, f64 area, f64 Σz·a];
;;   the caller's rows of W (NaN padded to a multiple of 4 cells), their z at a fixed distance, and
;;   the rows' cell areas (f64).
(module
  (memory (export "mem") 1)
  (global $cb (mut i32) (i32.const 0))
  (global $hb (mut i32) (i32.const 0))
  (global $ob (mut i32) (i32.const 0))
  (global $m (mut i32) (i32.const 0))
  (global $T (mut i32) (i32.const 0))
  (global $lo (mut f32) (f32.const 0))
  (global $hi (mut f32) (f32.const 0))
  (global $sc (mut f32) (f32.const 0))

  ;; The slot of a value: min(T, trunc((w - lo) · sc)), 0 below lo and for NaN. Monotone in w (every step
  ;; rounds monotonically), and `run` computes the same with f32x4/i32x4 operations, which round alike.
  (func $slot (param $w f32) (result i32)
    (local $t i32)
    (local.set $t (i32.trunc_sat_f32_u (f32.mul (f32.sub (local.get $w) (global.get $lo)) (global.get $sc))))
    (if (i32.gt_u (local.get $t) (global.get $T)) (then (local.set $t (global.get $T))))
    (local.get $t))

  (func $c (param $k i32) (result f32)
    (f32.load (i32.add (global.get $cb) (i32.shl (local.get $k) (i32.const 2)))))

  ;; Stores the layout and fills the slot table. For a cell w in slot t, slot(c[k]) < t ⇒ c[k] <= w and
  ;; slot(c[k]) > t ⇒ c[k] > w (monotone slots), so its bucket is base = #{k : slot(c[k]) < t} plus the
  ;; levels in slot t that are <= w. When every level in slot t has one value bnd, that is base, or
  ;; after = base + #{levels in slot t} when w >= bnd. Returns 0 (and the caller tries more slots) when a
  ;; slot holds two different levels.
  (func (export "setup") (param $cb i32) (param $hb i32) (param $ob i32) (param $m i32) (param $T i32)
                         (param $lo f32) (param $hi f32) (param $sc f32) (result i32)
    (local $t i32) (local $j i32) (local $a i32) (local $p i32) (local $b f32)
    (global.set $cb (local.get $cb)) (global.set $hb (local.get $hb)) (global.set $ob (local.get $ob))
    (global.set $m (local.get $m)) (global.set $T (local.get $T))
    (global.set $lo (local.get $lo)) (global.set $hi (local.get $hi)) (global.set $sc (local.get $sc))
    (block $done
      (loop $slots
        (br_if $done (i32.gt_u (local.get $t) (local.get $T)))
        ;; j: the first level whose slot is >= t.
        (block $found
          (loop $below
            (br_if $found (i32.ge_u (local.get $j) (local.get $m)))
            (br_if $found (i32.ge_u (call $slot (call $c (local.get $j))) (local.get $t)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $below)))
        (local.set $b (call $c (local.get $j)))
        (local.set $a (local.get $j))
        (block $end
          (loop $in_slot
            (br_if $end (i32.ge_u (local.get $a) (local.get $m)))
            (br_if $end (i32.ne (call $slot (call $c (local.get $a))) (local.get $t)))
            (if (f32.ne (call $c (local.get $a)) (local.get $b)) (then (return (i32.const 0))))
            (local.set $a (i32.add (local.get $a) (i32.const 1)))
            (br $in_slot)))
        (local.set $p (i32.shl (local.get $t) (i32.const 4)))
        (f32.store (local.get $p) (local.get $b))
        (i32.store offset=4 (local.get $p) (i32.add (local.get $hb) (i32.mul (local.get $j) (i32.const 80))))
        (i32.store offset=8 (local.get $p) (i32.add (local.get $hb) (i32.mul (local.get $a) (i32.const 80))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $slots)))
    (i32.const 1))

  ;; nrows rows of `stride` cells (a multiple of 4, padded with W = NaN) from W at wp and z at wp + zd.
  ;; After each row, unless ap < 0 (a piece of a row wider than the buffer), its counts and Σz times its
  ;; cell area (f64 at ap + 8·r) go into the totals and its buckets are cleared.
  (func (export "run") (param $wp i32) (param $zd i32) (param $nrows i32) (param $stride i32) (param $ap i32)
    (local $r i32) (local $i i32) (local $e i32) (local $p i32) (local $q i32) (local $j i32) (local $m i32) (local $hb i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $n0 i32) (local $a f64) (local $mz f32)
    (local $w4 v128) (local $z4 v128) (local $t4 v128) (local $zlo v128) (local $zhi v128) (local $cur4 v128) (local $s v128)
    (local $lo4 v128) (local $hi4 v128) (local $sc4 v128) (local $T4 v128) (local $inf4 v128) (local $one v128)
    (local $s01 v128) (local $s23 v128) (local $mn4 v128)
    (local.set $lo4 (f32x4.splat (global.get $lo)))
    (local.set $hi4 (f32x4.splat (global.get $hi)))
    (local.set $sc4 (f32x4.splat (global.get $sc)))
    (local.set $T4 (i32x4.splat (global.get $T)))
    (local.set $inf4 (f32x4.splat (f32.const inf)))
    (local.set $one (v128.const f64x2 0 1))
    (local.set $m (global.get $m))
    (local.set $hb (global.get $hb))
    (local.set $i (local.get $wp))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $e (i32.add (local.get $i) (i32.shl (local.get $stride) (i32.const 2))))
        ;; Sums of the row's steps whose four cells are all below every level (bucket 0).
        (local.set $s01 (f64x2.splat (f64.const 0)))
        (local.set $s23 (f64x2.splat (f64.const 0)))
        (local.set $mn4 (local.get $inf4))
        (local.set $n0 (i32.const 0))
        (block $cells_done
          (loop $step
            (br_if $cells_done (i32.ge_u (local.get $i) (local.get $e)))
            (local.set $w4 (v128.load (local.get $i)))
            (if (i32x4.all_true (f32x4.lt (local.get $w4) (local.get $lo4)))
              (then
                (local.set $z4 (v128.load (i32.add (local.get $i) (local.get $zd))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.promote_low_f32x4 (local.get $z4))))
                (local.set $s23 (f64x2.add (local.get $s23) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $z4) (local.get $z4)))))
                ;; pmin(a, b) = b < a ? b : a: a NaN z never becomes the minimum.
                (local.set $mn4 (f32x4.pmin (local.get $mn4) (local.get $z4)))
                (local.set $n0 (i32.add (local.get $n0) (i32.const 4)))
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $step)))
            (if (i32.eqz (v128.any_true (f32x4.lt (local.get $w4) (local.get $hi4))))
              (then
                ;; Four cells at or above every level, or NaN: they flood at none.
                (local.set $i (i32.add (local.get $i) (i32.const 16)))
                (br $step)))
            ;; NaN → +∞ (bucket m, like W >= hi); then each lane's slot record address (table at 0).
            (local.set $w4 (f32x4.pmin (local.get $inf4) (local.get $w4)))
            (local.set $t4 (i32x4.shl (i32x4.min_u (i32x4.trunc_sat_f32x4_u (f32x4.mul (f32x4.sub (local.get $w4) (local.get $lo4)) (local.get $sc4))) (local.get $T4)) (i32.const 4)))
            (local.set $z4 (v128.load (i32.add (local.get $i) (local.get $zd))))
            (local.set $zlo (f64x2.promote_low_f32x4 (local.get $z4)))
            (local.set $zhi (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $z4) (local.get $z4))))
            ;; Lane k: bucket address p_k; copy k of its [Σz, count] += [z_k, 1].
            (local.set $p (i32x4.extract_lane 0 (local.get $t4)))
            (local.set $p0 (select (i32.load offset=8 (local.get $p)) (i32.load offset=4 (local.get $p)) (f32.ge (f32x4.extract_lane 0 (local.get $w4)) (f32.load (local.get $p)))))
            (v128.store offset=0 (local.get $p0) (f64x2.add (v128.load offset=0 (local.get $p0)) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $zlo) (local.get $one))))
            (local.set $p (i32x4.extract_lane 1 (local.get $t4)))
            (local.set $p1 (select (i32.load offset=8 (local.get $p)) (i32.load offset=4 (local.get $p)) (f32.ge (f32x4.extract_lane 1 (local.get $w4)) (f32.load (local.get $p)))))
            (v128.store offset=16 (local.get $p1) (f64x2.add (v128.load offset=16 (local.get $p1)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $zlo) (local.get $one))))
            (local.set $p (i32x4.extract_lane 2 (local.get $t4)))
            (local.set $p2 (select (i32.load offset=8 (local.get $p)) (i32.load offset=4 (local.get $p)) (f32.ge (f32x4.extract_lane 2 (local.get $w4)) (f32.load (local.get $p)))))
            (v128.store offset=32 (local.get $p2) (f64x2.add (v128.load offset=32 (local.get $p2)) (i8x16.shuffle 0 1 2 3 4 5 6 7 24 25 26 27 28 29 30 31 (local.get $zhi) (local.get $one))))
            (local.set $p (i32x4.extract_lane 3 (local.get $t4)))
            (local.set $p3 (select (i32.load offset=8 (local.get $p)) (i32.load offset=4 (local.get $p)) (f32.ge (f32x4.extract_lane 3 (local.get $w4)) (f32.load (local.get $p)))))
            (v128.store offset=48 (local.get $p3) (f64x2.add (v128.load offset=48 (local.get $p3)) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $zhi) (local.get $one))))
            ;; Min z: gather the four copies' minima, and only when some z is below its copy's (rare once
            ;; a bucket has seen some cells) store pmin(min, z) lane by lane.
            (local.set $cur4 (v128.load32_lane offset=64 0 (local.get $p0) (local.get $cur4)))
            (local.set $cur4 (v128.load32_lane offset=68 1 (local.get $p1) (local.get $cur4)))
            (local.set $cur4 (v128.load32_lane offset=72 2 (local.get $p2) (local.get $cur4)))
            (local.set $cur4 (v128.load32_lane offset=76 3 (local.get $p3) (local.get $cur4)))
            (if (v128.any_true (f32x4.lt (local.get $z4) (local.get $cur4)))
              (then
                (v128.store32_lane offset=64 0 (local.get $p0) (f32x4.pmin (v128.load32_lane offset=64 0 (local.get $p0) (local.get $z4)) (local.get $z4)))
                (v128.store32_lane offset=68 1 (local.get $p1) (f32x4.pmin (v128.load32_lane offset=68 1 (local.get $p1) (local.get $z4)) (local.get $z4)))
                (v128.store32_lane offset=72 2 (local.get $p2) (f32x4.pmin (v128.load32_lane offset=72 2 (local.get $p2) (local.get $z4)) (local.get $z4)))
                (v128.store32_lane offset=76 3 (local.get $p3) (f32x4.pmin (v128.load32_lane offset=76 3 (local.get $p3) (local.get $z4)) (local.get $z4)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $step)))
        ;; The row's bucket-0 sums into bucket 0, copy 0.
        (if (local.get $n0)
          (then
            (v128.store (local.get $hb) (f64x2.add (v128.load (local.get $hb))
              (f64x2.replace_lane 1
                (f64x2.splat (f64.add (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01)))
                                      (f64.add (f64x2.extract_lane 0 (local.get $s23)) (f64x2.extract_lane 1 (local.get $s23)))))
                (f64.convert_i32_u (local.get $n0)))))
            (local.set $mz (f32.load offset=64 (local.get $hb)))
            (if (f32.lt (f32x4.extract_lane 0 (local.get $mn4)) (local.get $mz)) (then (local.set $mz (f32x4.extract_lane 0 (local.get $mn4)))))
            (if (f32.lt (f32x4.extract_lane 1 (local.get $mn4)) (local.get $mz)) (then (local.set $mz (f32x4.extract_lane 1 (local.get $mn4)))))
            (if (f32.lt (f32x4.extract_lane 2 (local.get $mn4)) (local.get $mz)) (then (local.set $mz (f32x4.extract_lane 2 (local.get $mn4)))))
            (if (f32.lt (f32x4.extract_lane 3 (local.get $mn4)) (local.get $mz)) (then (local.set $mz (f32x4.extract_lane 3 (local.get $mn4)))))
            (f32.store offset=64 (local.get $hb) (local.get $mz))))
        ;; Totals: count += c, area += c·a, Σz·a += (Σz)·a for every bucket with cells in this row.
        (if (i32.ge_s (local.get $ap) (i32.const 0))
          (then
            (local.set $a (f64.load (i32.add (local.get $ap) (i32.shl (local.get $r) (i32.const 3)))))
            (local.set $j (i32.const 0))
            (local.set $p (local.get $hb))
            (local.set $q (global.get $ob))
            (block $flushed
              (loop $bucket
                (br_if $flushed (i32.ge_u (local.get $j) (local.get $m)))
                (local.set $s (f64x2.add (f64x2.add (v128.load (local.get $p)) (v128.load offset=16 (local.get $p)))
                                         (f64x2.add (v128.load offset=32 (local.get $p)) (v128.load offset=48 (local.get $p)))))
                (if (f64.ne (f64x2.extract_lane 1 (local.get $s)) (f64.const 0))
                  (then
                    (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64x2.extract_lane 1 (local.get $s))))
                    (v128.store offset=8 (local.get $q) (f64x2.add (v128.load offset=8 (local.get $q))
                      (f64x2.mul (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $s) (local.get $s)) (f64x2.splat (local.get $a)))))
                    (v128.store (local.get $p) (v128.const i64x2 0 0))
                    (v128.store offset=16 (local.get $p) (v128.const i64x2 0 0))
                    (v128.store offset=32 (local.get $p) (v128.const i64x2 0 0))
                    (v128.store offset=48 (local.get $p) (v128.const i64x2 0 0))))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (local.set $p (i32.add (local.get $p) (i32.const 80)))
                (local.set $q (i32.add (local.get $q) (i32.const 24)))
                (br $bucket)))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))
)
