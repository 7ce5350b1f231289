/**
 * The networking, discovery, policy, events and autoscaling groups through the real kubectl:
 * generators and yaml creates, tables, describe, upstream's validation messages, status
 * subresources, and the multi-version resources (events.k8s.io over core events, autoscaling v1
 * over v2) seeing the same objects.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { kubectlSkipReason, type Kubectl } from '../support/kubectl.js';
import { useCluster } from '../support/cluster.js';

const HPA_V1 = 'horizontalpodautoscalers.v1.autoscaling';
const HPA_V2 = 'horizontalpodautoscalers.v2.autoscaling';
const EVENTS_V1 = 'events.v1.events.k8s.io';

describe('API groups through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  /** The stderr of a command that must fail. */
  async function fails(args: string[], stdin?: string): Promise<string> {
    const result = await kubectl.run(args, stdin === undefined ? {} : { stdin });
    assert.notEqual(result.code, 0, `kubectl ${args.join(' ')} should fail:\n${result.stdout}`);
    return result.stderr;
  }

  test('discovery lists the groups; autoscaling prefers v2', async () => {
    const resources = await kubectl.ok(['api-resources', '--no-headers']);
    assert.match(resources, /^ingresses\s+ing\s+networking\.k8s\.io\/v1\s+true\s+Ingress$/m);
    assert.match(resources, /^networkpolicies\s+netpol\s+networking\.k8s\.io\/v1\s+true\s+NetworkPolicy$/m);
    assert.match(resources, /^endpointslices\s+discovery\.k8s\.io\/v1\s+true\s+EndpointSlice$/m);
    assert.match(resources, /^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m);
    assert.match(resources, /^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m);
    assert.match(resources, /^events\s+events\.k8s\.io\/v1\s+true\s+Event$/m);
    const group = JSON.parse(await kubectl.ok(['get', '--raw', '/apis/autoscaling'])) as { versions: { version: string }[]; preferredVersion: { version: string } };
    assert.deepEqual(group.versions.map((v) => v.version), ['v2', 'v1']);
    assert.equal(group.preferredVersion.version, 'v2');
  });

  test('ingress: the generator, table, describe, status and upstream validation', async () => {
    assert.equal(await kubectl.ok(['create', 'ingress', 'simple', '--rule=foo.com/bar=svc1:8080,tls=my-cert']), 'ingress.networking.k8s.io/simple created\n');
    assert.equal(
      await kubectl.ok(['get', 'ingress', 'simple', '-o', 'jsonpath={.spec.rules[0].host} {.spec.rules[0].http.paths[0].path} {.spec.rules[0].http.paths[0].pathType} {.spec.rules[0].http.paths[0].backend.service.port.number} {.spec.tls[0].secretName}']),
      'foo.com /bar Exact 8080 my-cert',
    );
    const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: wild}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: fallback, port: {name: http}}}
  rules:
  - host: "*.example.com"
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}
  - host: a.example.com
    http: {paths: [{path: /a, pathType: Exact, backend: {service: {name: a, port: {number: 80}}}}]}
  - host: b.example.com
    http: {paths: [{path: /b, pathType: Exact, backend: {service: {name: b, port: {number: 80}}}}]}
  - host: c.example.com
    http: {paths: [{path: /c, pathType: Exact, backend: {service: {name: c, port: {number: 80}}}}]}
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: yaml }), 'ingress.networking.k8s.io/wild created\n');
    const table = await kubectl.ok(['get', 'ing']);
    assert.match(table, /^NAME\s+CLASS\s+HOSTS\s+ADDRESS\s+PORTS\s+AGE$/m);
    assert.match(table, /^simple\s+<none>\s+foo\.com\s+80, 443\s+\d+s$/m);
    assert.match(table, /^wild\s+nginx\s+\*\.example\.com,a\.example\.com,b\.example\.com \+ 1 more\.\.\.\s+80\s+\d+s$/m);
    const described = await kubectl.ok(['describe', 'ingress', 'simple']);
    assert.match(described, /^TLS:\n\s+my-cert terminates foo\.com$/m);
    assert.match(described, /^\s+foo\.com\s*\n\s+\/bar\s+svc1:8080/m);
    await kubectl.ok(['patch', 'ingress', 'simple', '--subresource=status', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.0.2.10"},{"hostname":"lb.example.com"}]}}}']);
    assert.match(await kubectl.ok(['get', 'ing', 'simple', '--no-headers']), /^simple\s+<none>\s+foo\.com\s+192\.0\.2\.10,lb\.example\.com\s+80, 443/m);
    await kubectl.ok(['patch', 'ingress', 'simple', '--type=merge', '-p', '{"status":{"loadBalancer":{"ingress":[]}}}']);
    assert.equal(await kubectl.ok(['get', 'ing', 'simple', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']), '192.0.2.10', 'status only changes through the subresource');

    const bad = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bad, annotations: {kubernetes.io/ingress.class: other}}
spec:
  ingressClassName: nginx
  tls: [{hosts: ["*.*.example.com"]}]
  rules:
  - host: foo.*.com
    http:
      paths:
      - {path: relative, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /x, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /y/.., pathType: Exact, backend: {service: {name: Web, port: {name: http, number: 80}}}}
      - {path: /z, pathType: Regex, backend: {}}
`;
    const stderr = await fails(['create', '-f', '-'], bad);
    for (const expected of [
      'The Ingress "bad" is invalid:',
      '* spec.rules[0].host: Invalid value: "foo.*.com": a wildcard DNS-1123 subdomain must start with \'*.\', followed by a valid DNS subdomain',
      '* spec.rules[0].http.paths[0].path: Invalid value: "relative": must be an absolute path',
      '* spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified',
      "* spec.rules[0].http.paths[2].path: Invalid value: \"/y/..\": cannot end with '/..'",
      '* spec.rules[0].http.paths[2].backend.service.name: Invalid value: "Web": a DNS-1035 label must consist of lower case alphanumeric characters',
      '* spec.rules[0].http.paths[2].backend: Invalid value: "": cannot set both port name & port number',
      '* spec.rules[0].http.paths[3].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
      '* spec.rules[0].http.paths[3].backend: Invalid value: "": resource or service backend is required',
      '* spec.tls[0].hosts[0]: Invalid value: "*.*.example.com"',
      '* annotations.kubernetes.io/ingress.class: Invalid value: "other": must match `ingressClassName` when both are specified',
    ]) {
      assert.ok(stderr.includes(expected), `missing ${expected}\n${stderr}`);
    }
    assert.match(await fails(['create', '-f', '-'], 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: empty}\nspec: {}\n'), /spec: Invalid value: "null": either `defaultBackend` or `rules` must be specified|spec: Invalid value: .*either `defaultBackend` or `rules` must be specified/);
  });

  test('networkpolicy: defaults, table, describe and upstream validation', async () => {
    const yaml = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/16, except: [10.0.1.0/24]}}, {podSelector: {matchLabels: {role: api}}}]
    ports: [{port: 5432}]
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{port: 53, protocol: UDP}, {port: 8000, endPort: 9000}]
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: yaml }), 'networkpolicy.networking.k8s.io/db created\n');
    await kubectl.ok(['create', '-f', '-'], { stdin: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all}\nspec: {podSelector: {}}\n' });
    assert.equal(await kubectl.ok(['get', 'netpol', 'db', '-o', 'jsonpath={.spec.policyTypes} {.spec.ingress[0].ports[0].protocol} {.spec.egress[0].ports[1].protocol}']), '["Ingress","Egress"] TCP TCP');
    assert.equal(await kubectl.ok(['get', 'netpol', 'deny-all', '-o', 'jsonpath={.spec.policyTypes}']), '["Ingress"]');
    const table = await kubectl.ok(['get', 'netpol']);
    assert.match(table, /^NAME\s+POD-SELECTOR\s+AGE$/m);
    assert.match(table, /^db\s+app=db\s+\d+s$/m);
    assert.match(table, /^deny-all\s+<none>\s+\d+s$/m);
    const described = await kubectl.ok(['describe', 'netpol', 'db']);
    assert.match(described, /CIDR: 10\.0\.0\.0\/16\n\s+Except: 10\.0\.1\.0\/24/);
    assert.match(described, /Policy Types: Ingress, Egress/);

    const bad = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad}
spec:
  podSelector: {matchExpressions: [{key: app, operator: In}]}
  policyTypes: [Ingress, Sideways]
  ingress:
  - from:
    - {ipBlock: {cidr: 10.0.0.0/16, except: [10.1.0.0/24]}, podSelector: {}}
    - {ipBlock: {cidr: 10.0.0.0}}
    - {}
    ports: [{port: 80, endPort: 70, protocol: ICMP}, {port: http, endPort: 90}, {port: 0}]
`;
    const stderr = await fails(['create', '-f', '-'], bad);
    for (const expected of [
      "* spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      '* spec.ingress[0].ports[0].protocol: Unsupported value: "ICMP": supported values: "TCP", "UDP", "SCTP"',
      '* spec.ingress[0].ports[0].endPort: Invalid value: 70: must be greater than or equal to `port`',
      '* spec.ingress[0].ports[1].endPort: Invalid value: 90: may not be specified when `port` is non-numeric',
      '* spec.ingress[0].ports[2].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      '* spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: "10.1.0.0/24": must be a strict subset of `cidr`',
      '* spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer',
      '* spec.ingress[0].from[1].ipBlock.cidr: Invalid value: "10.0.0.0": not a valid CIDR',
      '* spec.ingress[0].from[2]: Required value: must specify a peer',
      '* spec.policyTypes[1]: Unsupported value: "Sideways": supported values: "Ingress", "Egress"',
    ]) {
      assert.ok(stderr.includes(expected), `missing ${expected}\n${stderr}`);
    }
  });

  test('endpointslice: defaults, the service-name label, table and upstream validation', async () => {
    const yaml = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-abc, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 80}, {name: https, port: 443}, {name: metrics, port: 9090}, {name: admin, port: 8081}]
endpoints:
- {addresses: [10.42.0.5], conditions: {ready: true, serving: true, terminating: false}, nodeName: node-1, zone: a}
- {addresses: [10.42.0.6], conditions: {ready: false}}
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: yaml }), 'endpointslice.discovery.k8s.io/web-abc created\n');
    await kubectl.ok(['create', '-f', '-'], { stdin: 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: ext}\naddressType: FQDN\nendpoints: [{addresses: [db.example.com]}]\n' });
    assert.equal(await kubectl.ok(['get', 'endpointslices', '-l', 'kubernetes.io/service-name=web', '-o', 'name']), 'endpointslice.discovery.k8s.io/web-abc\n');
    assert.equal(await kubectl.ok(['get', 'endpointslice', 'web-abc', '-o', 'jsonpath={.ports[0].protocol} {.endpoints[0].conditions.ready}']), 'TCP true');
    const table = await kubectl.ok(['get', 'endpointslices']);
    assert.match(table, /^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE$/m);
    assert.match(table, /^web-abc\s+IPv4\s+80,443,9090 \+ 1 more\.\.\.\s+10\.42\.0\.5,10\.42\.0\.6\s+\d+s$/m);
    assert.match(table, /^ext\s+FQDN\s+<unset>\s+db\.example\.com\s+\d+s$/m);
    assert.match(await kubectl.ok(['describe', 'endpointslice', 'web-abc']), /NodeName:\s+node-1/);

    const stderr = await fails(
      ['create', '-f', '-'],
      'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: bad}\naddressType: IPv4\nports: [{name: HTTP, protocol: ICMP}, {name: HTTP}]\nendpoints: [{addresses: ["fd00::1", 127.0.0.1]}, {addresses: []}]\n',
    );
    for (const expected of [
      '* endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
      '* endpoints[0].addresses[1]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      '* endpoints[1].addresses: Required value: must contain at least 1 address',
      '* ports[0].name: Invalid value: "HTTP": a lowercase RFC 1123 label must consist of',
      '* ports[0].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
      '* ports[1].name: Duplicate value: "HTTP"',
    ]) {
      assert.ok(stderr.includes(expected), `missing ${expected}\n${stderr}`);
    }
    assert.match(await fails(['create', '-f', '-'], 'apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: {name: bad2}\naddressType: IPv5\nendpoints: []\n'), /addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"/);
    assert.match(
      await fails(['patch', 'endpointslice', 'ext', '--type=merge', '-p', '{"addressType":"IPv4","endpoints":[{"addresses":["10.0.0.1"]}]}']),
      /addressType: Invalid value: "IPv4": field is immutable/,
    );
  });

  test('poddisruptionbudget: the generator, table, describe, status and upstream validation', async () => {
    assert.equal(await kubectl.ok(['create', 'poddisruptionbudget', 'my-pdb', '--selector=app=rails', '--min-available=1']), 'poddisruptionbudget.policy/my-pdb created\n');
    assert.equal(await kubectl.ok(['create', 'pdb', 'half', '--selector=app=web', '--max-unavailable=50%']), 'poddisruptionbudget.policy/half created\n');
    assert.equal(await kubectl.ok(['get', 'pdb', 'my-pdb', '-o', 'jsonpath={.spec.minAvailable} {.spec.selector.matchLabels.app}']), '1 rails');
    const table = await kubectl.ok(['get', 'pdb']);
    assert.match(table, /^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/m);
    assert.match(table, /^my-pdb\s+1\s+N\/A\s+0\s+\d+s$/m);
    assert.match(table, /^half\s+N\/A\s+50%\s+0\s+\d+s$/m);
    await kubectl.ok(['patch', 'pdb', 'my-pdb', '--subresource=status', '--type=merge', '-p', '{"status":{"disruptionsAllowed":2,"currentHealthy":3,"desiredHealthy":1,"expectedPods":3}}']);
    assert.match(await kubectl.ok(['get', 'pdb', 'my-pdb', '--no-headers']), /^my-pdb\s+1\s+N\/A\s+2\s+/);
    const described = await kubectl.ok(['describe', 'pdb', 'my-pdb']);
    assert.match(described, /Min available:\s+1\nSelector:\s+app=rails/);
    assert.match(described, /Allowed disruptions:\s+2/);
    assert.match(
      await fails(['patch', 'pdb', 'my-pdb', '--subresource=status', '--type=merge', '-p', '{"status":{"disruptionsAllowed":-1}}']),
      /status\.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0/,
    );

    const both = await fails(['create', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: both}\nspec: {minAvailable: 1, maxUnavailable: 1, selector: {matchLabels: {app: x}}}\n');
    assert.match(both, /The PodDisruptionBudget "both" is invalid: spec: Invalid value: .*: minAvailable and maxUnavailable cannot be both set/);
    const percents = await fails(['create', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: pct}\nspec: {minAvailable: "150%", selector: {matchLabels: {"a b": x}}}\n');
    assert.ok(percents.includes('* spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%'), percents);
    assert.ok(percents.includes('* spec.selector.matchLabels: Invalid value: "a b": name part must consist of alphanumeric characters'), percents);
    assert.match(
      await fails(['create', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: neg}\nspec: {maxUnavailable: -1, unhealthyPodEvictionPolicy: Never}\n'),
      /spec\.maxUnavailable: Invalid value: -1: must be greater than or equal to 0.*\n.*spec\.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"/,
    );
  });

  test('events: core and events.k8s.io are the same objects, each with its own fields and selectors', async () => {
    const core = `apiVersion: v1
kind: Event
metadata: {name: web.1}
involvedObject: {kind: Pod, name: web, namespace: default, apiVersion: v1}
reason: Started
message: container started
type: Normal
source: {component: kubelet, host: node-1}
count: 3
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:10:00Z"
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: core }), 'event/web.1 created\n');
    const asV1 = await kubectl.ok(['get', EVENTS_V1, 'web.1', '-o', 'yaml']);
    assert.match(asV1, /^apiVersion: events\.k8s\.io\/v1$/m);
    assert.match(asV1, /^note: container started$/m);
    assert.match(asV1, /^deprecatedCount: 3$/m);
    assert.match(asV1, /^deprecatedSource:\n\s+component: kubelet\n\s+host: node-1$/m);
    assert.match(asV1, /^deprecatedLastTimestamp: "2026-01-01T00:10:00Z"$/m);
    assert.match(asV1, /^regarding:\n\s+apiVersion: v1\n\s+kind: Pod\n\s+name: web\n\s+namespace: default$/m);
    assert.doesNotMatch(asV1, /involvedObject|^message:/m);

    const fresh = `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: web.2}
eventTime: "2026-01-01T00:11:00.000000Z"
regarding: {kind: Pod, name: web, namespace: default}
related: {kind: Node, name: node-1}
reason: Pulled
note: image pulled
type: Normal
action: Pull
reportingController: example.com/puller
reportingInstance: node-1
series: {count: 2, lastObservedTime: "2026-01-01T00:12:00.000000Z"}
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: fresh }), 'event.events.k8s.io/web.2 created\n');
    assert.equal(
      await kubectl.ok(['get', 'events', 'web.2', '-o', 'jsonpath={.apiVersion} {.message} {.involvedObject.name} {.related.kind} {.reportingComponent} {.reportingInstance} {.series.count}']),
      'v1 image pulled web Node example.com/puller node-1 2',
    );
    assert.equal(await kubectl.ok([`get`, EVENTS_V1, '--field-selector', 'regarding.name=web,reason=Pulled', '-o', 'name']), 'event.events.k8s.io/web.2\n');
    assert.equal(await kubectl.ok(['get', EVENTS_V1, '--field-selector', 'reportingController=example.com/puller', '-o', 'name']), 'event.events.k8s.io/web.2\n');
    assert.equal(await kubectl.ok(['get', 'events', '--field-selector', 'involvedObject.name=web,source=kubelet', '-o', 'name']), 'event/web.1\n');
    const table = await kubectl.ok(['get', EVENTS_V1]);
    assert.match(table, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.match(table, /^\S+\s+Normal\s+Started\s+pod\/web\s+container started$/m);
    assert.match(table, /^\S+\s+Normal\s+Pulled\s+pod\/web\s+image pulled$/m);
    assert.match(await kubectl.ok(['get', 'ev', '-o', 'wide']), /^\S+\s+Normal\s+Started\s+pod\/web\s+kubelet, node-1\s+container started\s+\S+\s+3\s+web\.1$/m);

    const invalid = await fails(
      ['create', '-f', '-'],
      'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: bad.1}\nregarding: {kind: Pod, name: web, namespace: default}\ntype: Bogus\ndeprecatedCount: 2\ndeprecatedSource: {component: x}\nseries: {count: 1}\n',
    );
    for (const expected of [
      'The Event "bad.1" is invalid:',
      '* series.count: Invalid value: "": should be at least 2',
      '* series.lastObservedTime: Required value',
      '* eventTime: Required value',
      '* type: Invalid value: "": has invalid value: Bogus',
      '* count: Invalid value: "": needs to be unset',
      '* source: Invalid value: "": needs to be unset',
    ]) {
      assert.ok(invalid.includes(expected), `missing ${expected}\n${invalid}`);
    }
    assert.match(
      await fails(['create', '-f', '-'], 'apiVersion: events.k8s.io/v1\nkind: Event\nmetadata: {name: bad.2}\neventTime: "2026-01-01T00:00:00.000000Z"\nregarding: {kind: Pod, name: web, namespace: default}\ntype: Normal\n'),
      /\* reportingController: Required value\n\* reportingController: Invalid value: "": name part must be non-empty\n(.*\n)?\* reportingInstance: Required value\n\* action: Required value\n\* reason: Required value/,
    );
    assert.match(
      await fails(['patch', EVENTS_V1, 'web.2', '--type=merge', '-p', '{"note":"rewritten"}']),
      /message: Invalid value: "rewritten": field is immutable/,
    );
    await kubectl.ok(['patch', 'events', 'web.1', '--type=merge', '-p', '{"count":4}']);
    assert.equal(await kubectl.ok(['get', EVENTS_V1, 'web.1', '-o', 'jsonpath={.deprecatedCount}']), '4', 'core events stay mutable through core/v1');
  });

  test('hpa: created through v2 and read through v1, created through v1 and read through v2; v1 round trips keep v2-only metrics', async () => {
    const v2 = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}
  - {type: Resource, resource: {name: memory, target: {type: AverageValue, averageValue: 100Mi}}}
  behavior: {scaleDown: {stabilizationWindowSeconds: 60}}
`;
    assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: v2 }), 'horizontalpodautoscaler.autoscaling/web created\n');
    assert.equal(
      await kubectl.ok(['get', 'hpa', 'web', '-o', 'jsonpath={.apiVersion} {.spec.minReplicas} {.spec.behavior.scaleDown.policies[0].type} {.spec.behavior.scaleUp.stabilizationWindowSeconds}']),
      'autoscaling/v2 1 Percent 0',
    );
    const asV1 = await kubectl.ok(['get', HPA_V1, 'web', '-o', 'yaml']);
    assert.match(asV1, /^apiVersion: autoscaling\/v1$/m);
    assert.match(asV1, /^\s+targetCPUUtilizationPercentage: 50$/m);
    assert.match(asV1, /autoscaling\.alpha\.kubernetes\.io\/metrics: '\[\{"type":"Resource","resource":\{"name":"memory","targetAverageValue":"100Mi"\}\}\]'/);
    assert.match(asV1, /autoscaling\.alpha\.kubernetes\.io\/behavior: /);
    assert.doesNotMatch(asV1, /^\s+metrics:/m);

    // Writing the v1 form back (as a v1-only client would) keeps what v1 cannot show.
    const edited = asV1.replace('targetCPUUtilizationPercentage: 50', 'targetCPUUtilizationPercentage: 65');
    assert.equal(await kubectl.ok(['replace', '-f', '-'], { stdin: edited }), 'horizontalpodautoscaler.autoscaling/web replaced\n');
    assert.equal(
      await kubectl.ok(['get', HPA_V2, 'web', '-o', 'jsonpath={.spec.metrics[*].resource.name} {.spec.metrics[1].resource.target.averageUtilization} {.spec.behavior.scaleDown.stabilizationWindowSeconds} {.metadata.annotations}']),
      'memory cpu 65 60 ',
    );

    const watch = kubectl.start(['get', HPA_V1, '-w', '--output-watch-events', '-o', 'jsonpath={.type} {.object.apiVersion} {.object.metadata.name} {.object.spec.targetCPUUtilizationPercentage}{"\\n"}']);
    let output = '';
    watch.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await new Promise((resolve) => setTimeout(resolve, 800));
      const v1 = 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: api}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}\n  minReplicas: 2\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 70\n';
      assert.equal(await kubectl.ok(['create', '-f', '-'], { stdin: v1 }), 'horizontalpodautoscaler.autoscaling/api created\n');
      await kubectl.ok(['patch', HPA_V2, 'api', '--type=json', '-p', '[{"op":"replace","path":"/spec/metrics/0/resource/target/averageUtilization","value":75}]']);
      const deadline = Date.now() + 10_000;
      while (!/MODIFIED autoscaling\/v1 api 75/.test(output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      watch.kill();
    }
    const events = output.trim().split('\n');
    assert.ok(events.includes('ADDED autoscaling/v1 web 65'), output);
    assert.ok(events.includes('ADDED autoscaling/v1 api 70'), output);
    assert.ok(events.includes('MODIFIED autoscaling/v1 api 75'), output);
    assert.equal(
      await kubectl.ok(['get', 'hpa', 'api', '-o', 'jsonpath={.apiVersion} {.spec.metrics[0].type} {.spec.metrics[0].resource.name} {.spec.metrics[0].resource.target.type}']),
      'autoscaling/v2 Resource cpu Utilization',
    );

    await kubectl.ok([
      'patch',
      HPA_V2,
      'web',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"currentReplicas":3,"desiredReplicas":3,"currentMetrics":[{"type":"Resource","resource":{"name":"memory","current":{"averageValue":"50Mi"}}},{"type":"Resource","resource":{"name":"cpu","current":{"averageUtilization":40}}}]}}',
    ]);
    assert.equal(await kubectl.ok(['get', HPA_V1, 'web', '-o', 'jsonpath={.status.currentReplicas} {.status.currentCPUUtilizationPercentage}']), '3 40');
    const table = await kubectl.ok(['get', 'hpa']);
    assert.match(table, /^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/m);
    assert.match(table, /^web\s+Deployment\/web\s+memory: 50Mi\/100Mi, cpu: 40%\/65%\s+1\s+5\s+3\s+\d+s$/m);
    assert.match(table, /^api\s+Deployment\/api\s+cpu: <unknown>\/75%\s+2\s+10\s+0\s+\d+s$/m);
    assert.match(await kubectl.ok(['get', HPA_V1, '--no-headers']), /^web\s+Deployment\/web\s+memory: 50Mi\/100Mi, cpu: 40%\/65%\s+1\s+5\s+3\s+\d+s$/m);

    const bad = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: bad}
spec:
  scaleTargetRef: {name: web}
  minReplicas: 4
  maxReplicas: 2
  metrics:
  - {type: Resource, resource: {name: cpu, target: {type: Utilization}}}
  - {type: Pods, pods: {metric: {name: qps}, target: {type: AverageValue, averageValue: "-1"}}, resource: {name: memory, target: {type: Utilization, averageUtilization: 50}}}
`;
    const stderr = await fails(['create', '-f', '-'], bad);
    for (const expected of [
      'The HorizontalPodAutoscaler "bad" is invalid:',
      '* spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
      '* spec.scaleTargetRef.kind: Required value',
      '* spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
      '* spec.metrics[1].pods.target.averageValue: Invalid value: "-1": must be positive',
      '* spec.metrics[1].resource: Forbidden: must populate the given metric source only',
    ]) {
      assert.ok(stderr.includes(expected), `missing ${expected}\n${stderr}`);
    }
    assert.match(
      await fails(['create', '-f', '-'], 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: bad1}\nspec: {scaleTargetRef: {kind: Deployment, name: x}, minReplicas: 0, maxReplicas: 1}\n'),
      /spec\.minReplicas: Invalid value: 0: must be greater than or equal to 1/,
    );
  });
});
