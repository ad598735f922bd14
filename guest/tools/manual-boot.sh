#!/bin/bash
# Boots one fcbench guest under QEMU (microvm, TCG by default) and prints the
# serial console, the result blob and the wall time. For manual testing of
# guest/ only; fcbench itself builds the images in core/image.
#
#   manual-boot.sh -k VMLINUZ -m MODDIR [-b BUILDDIR] [-f RESULT_FILE]... \
#                  [-a ACCEL] [-K] [-p] -- ARGV...
#
#   -k  kernel image            -m  dir searched for the four virtio .ko files
#   -b  fcbench build dir (default: build; uses BUILDDIR/guest/{init,fcbench-agent})
#   -f  result_file to collect  -a  accelerator (default: tcg)
#   -K  keep the work dir       -p  probe mode (no job, no disks)
# Needs busybox-static, cpio-capable busybox, e2fsprogs and qemu-system-x86.
set -euo pipefail

build=build kernel= moddir= accel=tcg keep=0 probe=0 files=()
while getopts "b:k:m:f:a:Kp" o; do
  case $o in
    b) build=$OPTARG ;; k) kernel=$OPTARG ;; m) moddir=$OPTARG ;;
    f) files+=("$OPTARG") ;; a) accel=$OPTARG ;; K) keep=1 ;; p) probe=1 ;;
    *) sed -n '5,12p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ -n "$kernel" ] && [ -n "$moddir" ] || { echo "need -k and -m" >&2; exit 2; }
[ $probe = 1 ] || [ $# -gt 0 ] || { echo "need ARGV after --" >&2; exit 2; }
bb=/bin/busybox
export LC_ALL=C  # ${#x} must count bytes

dir=$(mktemp -d /tmp/fcbench-boot.XXXXXX)
[ $keep = 1 ] && echo "work dir: $dir" >&2 || trap 'rm -rf "$dir"' EXIT

# initramfs: /init, busybox, modules, /dev/console (needs root; init copes without).
mkdir -p "$dir"/initrd/{bin,lib/modules,proc,sys,dev,newroot,tmp}
install -m 0755 "$build/guest/init" "$dir/initrd/init"
cp $bb "$dir/initrd/bin/busybox"
for m in virtio_ring virtio virtio_mmio virtio_blk; do
  ko=$(find "$moddir" -name "$m.ko" | head -n1)
  [ -n "$ko" ] || { echo "$m.ko not found under $moddir" >&2; exit 1; }
  cp "$ko" "$dir/initrd/lib/modules/"
done
mknod "$dir/initrd/dev/console" c 5 1 2>/dev/null || true
(cd "$dir/initrd" && find . | $bb cpio -o -H newc 2>/dev/null | gzip -1 >"$dir/initrd.cpio.gz")

# Job record: "<key> <len>\n<value>\n".
rec() { printf '%s %d\n%s\n' "$1" "${#2}" "$2"; }

drives=() append="fcbench.probe=1"
if [ $probe = 0 ]; then
  mkdir -p "$dir"/root/{bin,sbin,work,tmp,proc,sys,dev}
  cp $bb "$dir/root/bin/busybox"
  for a in $($bb --list); do [ "$a" = busybox ] || ln -s busybox "$dir/root/bin/$a"; done
  install -m 0755 "$build/guest/fcbench-agent" "$dir/root/sbin/fcbench-agent"
  mkfs.ext4 -q -d "$dir/root" -L fcbench-root "$dir/rootfs.ext4" 64M >/dev/null
  mkfs.ext4 -q -L fcbench-work "$dir/work.ext4" 64M >/dev/null
  truncate -s 8M "$dir/chan.img"
  {
    printf 'FCBJOB1\n'
    for a in "$@"; do rec arg "$a"; done
    for f in "${files[@]}"; do rec result_file "$f"; done
    rec result_offset 1048576
    rec result_size 1048576
    printf 'end 0\n\n'
  } | dd of="$dir/chan.img" conv=notrunc status=none
  # The -device order gives vda, vdb, vdc.
  drives=(-drive "id=r,file=$dir/rootfs.ext4,format=raw,if=none,readonly=on"
          -device virtio-blk-device,drive=r
          -drive "id=w,file=$dir/work.ext4,format=raw,if=none" -device virtio-blk-device,drive=w
          -drive "id=c,file=$dir/chan.img,format=raw,if=none" -device virtio-blk-device,drive=c)
  append=
fi

# TCG: pass the TSC rate, or the guest's PIT calibration sometimes fails and
# the kernel hangs early. reboot=t: microvm has no i8042 for reboot=k.
khz=$(awk -F': ' '/^cpu MHz/ {printf "%d", $2 * 1000; exit}' /proc/cpuinfo)
start=$(date +%s%N)
rc=0
timeout 120 qemu-system-x86_64 -accel "$accel" -cpu max -M microvm,acpi=on -m 256 \
  -nodefaults -no-user-config -display none -serial stdio -no-reboot \
  -kernel "$kernel" -initrd "$dir/initrd.cpio.gz" \
  -append "console=ttyS0 panic=-1 quiet reboot=t ${khz:+tsc_early_khz=$khz} $append" \
  "${drives[@]}" </dev/null || rc=$?
end=$(date +%s%N)
echo "--- qemu exit $rc after $(((end - start) / 1000000)) ms"
if [ $probe = 0 ]; then
  echo "--- result blob"
  dd if="$dir/chan.img" bs=1M skip=1 count=1 status=none | tr -d '\000'
fi
