import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';

/** CPU as millicores, for comparisons; `Cpu` only keeps the rendered string. */
export function cpuMillis(cpu: Cpu): number {
  const text = cpu.amount;
  return text.endsWith('m') ? Number(text.slice(0, -1)) : Number(text) * 1000;
}

export function sizeKib(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
}

/** Multiplies a CPU amount, keeping whole millicores. */
export function scaleCpu(cpu: Cpu, factor: number): Cpu {
  return Cpu.millis(Math.round(cpuMillis(cpu) * factor));
}

/** Multiplies a memory amount, keeping whole mebibytes. */
export function scaleSize(size: Size, factor: number): Size {
  return Size.mebibytes(Math.round(size.toMebibytes({ rounding: SizeRoundingBehavior.NONE }) * factor));
}
