import { IngressTls } from '../lib';
import { IMAGE, oneOf, synthService } from './util';

const TLS = IngressTls.clusterIssuer('letsencrypt');
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

describe('ingress class selection', () => {
  test('the kubernetes.io/ingress.class annotation beside className is rejected', () => {
    expect(() => synthService({
      image: IMAGE,
      ingress: { host: 'api.example.com', tls: TLS, className: 'nginx', annotations: { [CLASS_ANNOTATION]: 'nginx' } },
    })).toThrow("test/api: ingress.annotations key 'kubernetes.io/ingress.class' cannot be combined with "
      + "ingress.className, which sets spec.ingressClassName 'nginx': the class would be chosen twice; "
      + 'set ingress.className only');
  });

  test('the kubernetes.io/ingress.class annotation without className is written as given', () => {
    const ingress = oneOf(synthService({
      image: IMAGE, ingress: { host: 'api.example.com', tls: TLS, annotations: { [CLASS_ANNOTATION]: 'nginx' } },
    }), 'Ingress');
    expect(ingress.metadata.annotations[CLASS_ANNOTATION]).toBe('nginx');
    expect(ingress.spec.ingressClassName).toBeUndefined();
  });

  test('className alone is written as spec.ingressClassName', () => {
    const ingress = oneOf(synthService({
      image: IMAGE, ingress: { host: 'api.example.com', tls: TLS, className: 'nginx' },
    }), 'Ingress');
    expect(ingress.spec.ingressClassName).toBe('nginx');
  });

  test('an annotation key that only resembles the class annotation is not a conflict', () => {
    expect(() => synthService({
      image: IMAGE,
      ingress: {
        host: 'api.example.com', tls: TLS, className: 'nginx', annotations: { 'example.com/ingress.class': 'x' },
      },
    })).not.toThrow();
  });
});

describe('ingress host', () => {
  test('an IP address as host is rejected by the ingress feature', () => {
    expect(() => synthService({ image: IMAGE, ingress: { host: '10.0.0.1', tls: TLS } }))
      .toThrow("test/api: ingress.host must be a DNS name, not an IP address (the apiserver rejects IP hosts), "
        + "got '10.0.0.1'");
  });
});
