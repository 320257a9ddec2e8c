import { Chart, ChartProps, Testing } from 'cdk8s';
import { FastApiService, FastApiServiceProps } from '../lib';

export type Manifest = { apiVersion: string; kind: string; metadata: any; spec?: any; [key: string]: any };

/** Synthesizes one FastApiService in a fresh chart and returns its manifests. */
export function synthService(props: FastApiServiceProps, chartProps: ChartProps = {}, id = 'api'): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', chartProps);
  new FastApiService(chart, id, props);
  return Testing.synth(chart) as Manifest[];
}

export function synthChart(build: (chart: Chart) => unknown, chartProps: ChartProps = {}): Manifest[] {
  const chart = new Chart(Testing.app(), 'test', chartProps);
  build(chart);
  return Testing.synth(chart) as Manifest[];
}

/** All objects of a kind. */
export function allOf(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

/** The single object of a kind; fails when there is none or several. */
export function oneOf(manifests: Manifest[], kind: string): Manifest {
  const found = allOf(manifests, kind);
  if (found.length !== 1) throw new Error(`expected exactly one ${kind}, found ${found.length}`);
  return found[0];
}

export function appContainer(manifests: Manifest[]): any {
  const containers = oneOf(manifests, 'Deployment').spec.template.spec.containers;
  return containers.find((c: any) => c.name === 'app');
}

/** The value after a flag in an exec-form command, e.g. flag(cmd, '--port'). */
export function flag(command: string[], name: string): string | undefined {
  const i = command.indexOf(name);
  return i >= 0 ? command[i + 1] : undefined;
}

export const IMAGE = 'registry.example.com/team/api:1.0.0';
