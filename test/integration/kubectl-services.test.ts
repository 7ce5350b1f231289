/**
 * Services (ClusterIP and NodePort allocation, release and repair), nodes, persistent volumes
 * and claims, and component statuses through the real kubectl.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { useCluster } from '../support/cluster.js';
import { KtsProcess } from '../support/kts-process.js';
import { Kubectl, kubectlSkipReason } from '../support/kubectl.js';
import { freePorts } from '../support/ports.js';

/** A Service manifest as `kubectl expose` would write it, with optional spec overrides. */
function serviceYaml(name: string, spec: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${spec
  .trim()
  .split('\n')
  .map((line) => `  ${line}`)
  .join('\n')}
`;
}

describe('services, nodes, volumes and component statuses through kubectl', { skip: kubectlSkipReason() }, () => {
  const { kubectl: cluster, server } = useCluster();
  let kubectl: Kubectl;
  before(() => {
    kubectl = cluster();
  });

  test('the kubernetes service: 10.43.0.1, port 443 named https to the API server port', async () => {
    const row = await kubectl.ok(['get', 'svc', 'kubernetes', '-o', 'wide', '--no-headers']);
    assert.match(row, /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s+<none>\s+443\/TCP\s+\d+s\s+<none>\n$/);
    const port = await kubectl.ok(['get', 'svc', 'kubernetes', '-o', 'jsonpath={.spec.ports[0].name} {.spec.ports[0].targetPort} {.metadata.labels.component}']);
    assert.equal(port, `https ${server.port} apiserver`);
  });

  test('kubectl create service clusterip|nodeport|loadbalancer|externalname, get -o wide', async () => {
    assert.equal(await kubectl.ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080']), 'service/web created\n');
    await kubectl.ok(['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080']);
    await kubectl.ok(['create', 'service', 'loadbalancer', 'lb', '--tcp=443:8443']);
    await kubectl.ok(['create', 'service', 'externalname', 'ext', '--external-name', 'example.com']);
    await kubectl.ok(['create', 'service', 'clusterip', 'headless', '--clusterip=None']);
    const table = await kubectl.ok(['get', 'svc', '-o', 'wide']);
    assert.match(table, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR$/m);
    assert.match(table, /^web\s+ClusterIP\s+10\.43\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s\s+app=web$/m);
    assert.match(table, /^np\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+80:30080\/TCP\s+\d+s\s+app=np$/m);
    assert.match(table, /^lb\s+LoadBalancer\s+10\.43\.\d+\.\d+\s+<pending>\s+443:3\d{4}\/TCP\s+\d+s\s+app=lb$/m);
    assert.match(table, /^ext\s+ExternalName\s+<none>\s+example\.com\s+<none>\s+\d+s\s+app=ext$/m);
    assert.match(table, /^headless\s+ClusterIP\s+None\s+<none>\s+<none>\s+\d+s\s+app=headless$/m);
    const ips = (await kubectl.ok(['get', 'svc', '-o', 'jsonpath={range .items[*]}{.spec.clusterIP}{"\\n"}{end}'])).split('\n').filter((ip) => ip.startsWith('10.'));
    assert.equal(new Set(ips).size, ips.length, 'every cluster IP is different');
    assert.ok(!ips.slice(1).includes('10.43.0.1'));
    // Upstream defaults.
    const lb = JSON.parse(await kubectl.ok(['get', 'svc', 'lb', '-o', 'json'])) as { spec: Record<string, unknown>; status: unknown };
    assert.deepEqual(
      [lb.spec['sessionAffinity'], lb.spec['ipFamilies'], lb.spec['ipFamilyPolicy'], lb.spec['internalTrafficPolicy'], lb.spec['externalTrafficPolicy'], lb.spec['allocateLoadBalancerNodePorts'], lb.status],
      ['None', ['IPv4'], 'SingleStack', 'Cluster', 'Cluster', true, { loadBalancer: {} }],
    );
    assert.equal(await kubectl.ok(['get', 'svc', 'ext', '-o', 'jsonpath={.spec.clusterIP}|{.spec.ipFamilies}']), '|');
  });

  test('describe svc', async () => {
    const text = await kubectl.ok(['describe', 'svc', 'np']);
    assert.match(text, /^Type:\s+NodePort$/m);
    assert.match(text, /^IP Families:\s+IPv4$/m);
    assert.match(text, /^IP:\s+10\.43\.\d+\.\d+$/m);
    assert.match(text, /^TargetPort:\s+8080\/TCP$/m);
    assert.match(text, /^NodePort:\s+80-8080\s+30080\/TCP$/m);
    assert.match(text, /^External Traffic Policy:\s+Cluster$/m);
  });

  test('a requested clusterIP is honoured; a taken or out-of-range one is refused with upstream messages', async () => {
    await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('fixed', 'clusterIP: 10.43.100.100\nselector: {app: fixed}\nports: [{port: 80, targetPort: 8080}]') });
    assert.equal(await kubectl.ok(['get', 'svc', 'fixed', '-o', 'jsonpath={.spec.clusterIPs}']), '["10.43.100.100"]');
    const taken = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml('fixed2', 'clusterIP: 10.43.100.100\nports: [{port: 80}]') });
    assert.equal(taken.code, 1);
    assert.equal(
      taken.stderr,
      'The Service "fixed2" is invalid: spec.clusterIPs: Invalid value: []string{"10.43.100.100"}: failed to allocate IP 10.43.100.100: provided IP is already allocated\n',
    );
    const outside = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml('outside', 'clusterIP: 10.96.0.10\nports: [{port: 53, protocol: UDP}]') });
    assert.match(outside.stderr, /spec\.clusterIPs: Invalid value: \[\]string\{"10\.96\.0\.10"\}: failed to allocate IP 10\.96\.0\.10: the provided IP \(10\.96\.0\.10\) is not in the valid range\. The range of valid IPs is 10\.43\.0\.0\/16/);
    const port = await kubectl.run(['create', 'service', 'nodeport', 'np2', '--tcp=81', '--node-port=30080']);
    assert.match(port.stderr, /Service "np2" is invalid: spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated/);
    const range = await kubectl.run(['create', 'service', 'nodeport', 'np3', '--tcp=81', '--node-port=8080']);
    assert.match(range.stderr, /spec\.ports\[0\]\.nodePort: Invalid value: 8080: provided port is not in the valid range\. The range of valid ports is 30000-32767/);
  });

  test('kubectl expose: a service from another service, with a requested cluster IP', async () => {
    assert.equal(await kubectl.ok(['expose', 'svc', 'web', '--name', 'web-np', '--port', '8080', '--type', 'NodePort']), 'service/web-np exposed\n');
    assert.equal(await kubectl.ok(['expose', 'svc', 'web', '--name', 'web-fixed', '--port', '9000', '--cluster-ip', '10.43.9.9']), 'service/web-fixed exposed\n');
    const table = await kubectl.ok(['get', 'svc', 'web-np', 'web-fixed', '-o', 'wide', '--no-headers']);
    assert.match(table, /^web-np\s+NodePort\s+10\.43\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP\s+\d+s\s+app=web$/m);
    assert.match(table, /^web-fixed\s+ClusterIP\s+10\.43\.9\.9\s+<none>\s+9000\/TCP\s+\d+s\s+app=web$/m);
    const again = await kubectl.run(['expose', 'svc', 'web', '--name', 'web-fixed2', '--port', '9000', '--cluster-ip', '10.43.9.9']);
    assert.match(again.stderr, /The Service "web-fixed2" is invalid: spec\.clusterIPs: Invalid value: \[\]string\{"10\.43\.9\.9"\}: failed to allocate IP 10\.43\.9\.9: provided IP is already allocated/);
  });

  test('creates racing for the same requested clusterIP: exactly one wins', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) => kubectl.run(['create', '-f', '-'], { stdin: serviceYaml(`race${i}`, 'clusterIP: 10.43.50.50\nports: [{port: 80}]') })),
    );
    assert.equal(results.filter((r) => r.code === 0).length, 1, results.map((r) => r.stderr).join(''));
    for (const refused of results.filter((r) => r.code !== 0)) assert.match(refused.stderr, /failed to allocate IP 10\.43\.50\.50: provided IP is already allocated/);
    assert.equal((await kubectl.ok(['get', 'svc', '--field-selector', 'spec.clusterIP=10.43.50.50', '--no-headers'])).split('\n').filter(Boolean).length, 1);
  });

  test('a LoadBalancer shows the address its status reports', async () => {
    await kubectl.ok(['patch', 'svc', 'lb', '--subresource=status', '-p', '{"status":{"loadBalancer":{"ingress":[{"ip":"192.168.1.200"}]}}}']);
    assert.match(await kubectl.ok(['get', 'svc', 'lb', '--no-headers']), /^lb\s+LoadBalancer\s+10\.43\.\d+\.\d+\s+192\.168\.1\.200\s+443:3\d{4}\/TCP\s/);
    assert.equal(await kubectl.ok(['get', 'svc', 'lb', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ipMode}']), 'VIP');
  });

  test('the cluster IP may not change; a replace without it keeps the allocated one', async () => {
    const changed = await kubectl.run(['patch', 'svc', 'fixed', '-p', '{"spec":{"clusterIP":"10.43.100.101","clusterIPs":["10.43.100.101"]}}']);
    assert.match(changed.stderr, /The Service "fixed" is invalid: spec\.clusterIPs\[0\]: Invalid value: \[\]string\{"10\.43\.100\.101"\}: may not change once set/);
    await kubectl.ok(['replace', '-f', '-'], { stdin: serviceYaml('fixed', 'selector: {app: fixed}\nports: [{port: 80, targetPort: 9090}]') });
    assert.equal(await kubectl.ok(['get', 'svc', 'fixed', '-o', 'jsonpath={.spec.clusterIP} {.spec.ports[0].targetPort}']), '10.43.100.100 9090');
  });

  test('allocations are released on delete, on dry-run and failed creates, and on type changes', async () => {
    // Dry run: nothing is held afterwards.
    const dry = await kubectl.ok(['create', '-f', '-', '--dry-run=server', '-o', 'jsonpath={.spec.clusterIP}'], { stdin: serviceYaml('dry', 'clusterIP: 10.43.100.110\nports: [{port: 80}]') });
    assert.equal(dry, '10.43.100.110');
    await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('after-dry', 'clusterIP: 10.43.100.110\nports: [{port: 80}]') });
    // A create refused for its node port gives its cluster IP back.
    const failed = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml('failed', 'type: NodePort\nclusterIP: 10.43.100.111\nports: [{port: 80, nodePort: 30080}]') });
    assert.match(failed.stderr, /provided port is already allocated/);
    await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('after-failed', 'clusterIP: 10.43.100.111\nports: [{port: 80}]') });
    // Delete releases the cluster IP and the node port.
    await kubectl.ok(['delete', 'svc', 'after-dry', 'np']);
    await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('reuse', 'type: NodePort\nclusterIP: 10.43.100.110\nports: [{port: 80, nodePort: 30080}]') });
    // NodePort -> ClusterIP drops and releases the node port.
    await kubectl.ok(['patch', 'svc', 'reuse', '-p', '{"spec":{"type":"ClusterIP"}}']);
    assert.match(await kubectl.ok(['get', 'svc', 'reuse', '--no-headers']), /^reuse\s+ClusterIP\s+10\.43\.100\.110\s+<none>\s+80\/TCP\s/);
    await kubectl.ok(['create', 'service', 'nodeport', 'np-again', '--tcp=80', '--node-port=30080']);
    // ClusterIP -> ExternalName drops and releases the cluster IP.
    await kubectl.ok(['patch', 'svc', 'reuse', '-p', '{"spec":{"type":"ExternalName","externalName":"example.org"}}']);
    await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('ip-again', 'clusterIP: 10.43.100.110\nports: [{port: 80}]') });
  });

  test('invalid services get upstream messages', async () => {
    const cases: [string, string, RegExp][] = [
      ['noports', 'selector: {app: x}', /spec\.ports: Required value/],
      ['badport', 'ports: [{port: 70000}]', /spec\.ports\[0\]\.port: Invalid value: 70000: must be between 1 and 65535, inclusive/],
      ['unnamed', 'ports: [{port: 80}, {port: 81}]', /spec\.ports\[0\]\.name: Required value/],
      ['dupname', 'ports: [{name: a, port: 80}, {name: a, port: 81}]', /spec\.ports\[1\]\.name: Duplicate value: "a"/],
      ['proto', 'ports: [{port: 80, protocol: ICMP}]', /spec\.ports\[0\]\.protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"/],
      ['kind', 'type: Magic\nports: [{port: 80}]', /spec\.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"/],
      ['sel', 'selector: {"a b": x}\nports: [{port: 80}]', /spec\.selector: Invalid value: "a b": name part must consist of alphanumeric characters/],
      ['extname', 'type: ExternalName\nexternalName: "bad_name!"', /spec\.externalName: Invalid value: "bad_name!": a lowercase RFC 1123 subdomain must consist of/],
      ['cipnp', 'ports: [{port: 80, nodePort: 30001}]', /spec\.ports\[0\]\.nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/],
      ['badip', 'clusterIP: 1.2.3\nports: [{port: 80}]', /spec\.clusterIPs\[0\]: Invalid value: "1\.2\.3": must be a valid IP address, \(e\.g\. 10\.9\.8\.7 or 2001:db8::ffff\)/],
      ['Upper', 'ports: [{port: 80}]', /metadata\.name: Invalid value: "Upper": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character/],
    ];
    for (const [name, spec, message] of cases) {
      const result = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml(name, spec) });
      assert.equal(result.code, 1, name);
      assert.match(result.stderr, new RegExp(`The Service "${name}" is invalid: `), name);
      assert.match(result.stderr, message, name);
    }
  });

  test('nodes from yaml with taints: get -o wide, cordon, field selector, proxy, invalid taints', async () => {
    const node = `apiVersion: v1
kind: Node
metadata:
  name: worker-1
  labels: {node-role.kubernetes.io/worker: "", node-role.kubernetes.io/gpu: ""}
spec:
  podCIDR: 10.42.1.0/24
  taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
status:
  conditions: [{type: Ready, status: "True"}]
  addresses: [{type: InternalIP, address: 192.168.1.10}]
  nodeInfo: {kubeletVersion: v1.32.0, osImage: Debian GNU/Linux 12 (bookworm), kernelVersion: 6.1.0-18-amd64, containerRuntimeVersion: containerd://1.7.0}
---
apiVersion: v1
kind: Node
metadata:
  name: bare
`;
    await kubectl.ok(['create', '-f', '-'], { stdin: node });
    const wide = await kubectl.ok(['get', 'nodes', '-o', 'wide']);
    assert.match(wide, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/m);
    assert.match(wide, /^worker-1\s+Ready\s+gpu,worker\s+\d+s\s+v1\.32\.0\s+192\.168\.1\.10\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+6\.1\.0-18-amd64\s+containerd:\/\/1\.7\.0$/m);
    // No kubelet version: an empty VERSION cell, as upstream prints it.
    assert.match(wide, /^bare\s+Unknown\s+<none>\s+\d+s\s+<none>\s+<none>\s+<unknown>\s+<unknown>\s+<unknown>$/m);
    assert.equal(await kubectl.ok(['get', 'node', 'worker-1', '-o', 'jsonpath={.spec.podCIDRs} {.spec.taints[0].effect}']), '["10.42.1.0/24"] NoSchedule');

    assert.equal(await kubectl.ok(['cordon', 'worker-1']), 'node/worker-1 cordoned\n');
    assert.match(await kubectl.ok(['get', 'node', 'worker-1', '--no-headers']), /^worker-1\s+Ready,SchedulingDisabled\s+gpu,worker\s/);
    assert.match(await kubectl.ok(['get', 'nodes', '--field-selector', 'spec.unschedulable=true', '--no-headers']), /^worker-1\s[^\n]*\n$/);
    assert.match(await kubectl.ok(['get', 'nodes', '--field-selector', 'spec.unschedulable=false', '--no-headers']), /^bare\s[^\n]*\n$/);
    await kubectl.ok(['uncordon', 'worker-1']);
    assert.match(await kubectl.ok(['get', 'node', 'worker-1', '--no-headers']), /^worker-1\s+Ready\s+gpu,worker\s/);

    const proxy = await kubectl.run(['get', '--raw', '/api/v1/nodes/worker-1/proxy/metrics']);
    assert.equal(proxy.stderr, 'Error from server (ServiceUnavailable): node "worker-1" reports no kubelet port (status.daemonEndpoints.kubeletEndpoint.Port), so its kubelet cannot be reached\n');
    const missing = await kubectl.run(['get', '--raw', '/api/v1/nodes/nope/proxy/metrics']);
    assert.match(missing.stderr, /nodes "nope" not found/);

    const bad = await kubectl.run(['create', '-f', '-'], {
      stdin: 'apiVersion: v1\nkind: Node\nmetadata: {name: bad}\nspec:\n  taints: [{key: "a b", effect: Sometimes}, {key: x, effect: NoSchedule}, {key: x, effect: NoSchedule}]\n  podCIDRs: [nonsense]\n',
    });
    assert.match(bad.stderr, /metadata\.taints\[0\]\.key: Invalid value: "a b": name part must consist of/);
    assert.match(bad.stderr, /metadata\.taints\[0\]\.effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"/);
    assert.match(bad.stderr, /metadata\.taints\[2\]: Duplicate value: core\.Taint\{Key:"x", Value:"", Effect:"NoSchedule", TimeAdded:\(\*v1\.Time\)\(nil\)\}: taints must be unique by key and effect pair/);
    assert.match(bad.stderr, /spec\.podCIDRs\[0\]: Invalid value: "nonsense": must be a valid CIDR value/);
  });

  test('describe node', async () => {
    const text = await kubectl.ok(['describe', 'node', 'worker-1']);
    assert.match(text, /^Roles:\s+gpu,worker$/m);
    assert.match(text, /^Taints:\s+dedicated=gpu:NoSchedule$/m);
    assert.match(text, /^Unschedulable:\s+false$/m);
    assert.match(text, /^PodCIDR:\s+10\.42\.1\.0\/24$/m);
  });

  test('persistent volumes and claims from yaml, with upstream columns and update rules', async () => {
    await kubectl.ok(['create', '-f', '-'], {
      stdin: `apiVersion: v1
kind: PersistentVolume
metadata: {name: pv1}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadOnlyMany, ReadWriteOnce]
  storageClassName: manual
  hostPath: {path: /tmp/pv1}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: claim1}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 500Mi}}
`,
    });
    const pvs = await kubectl.ok(['get', 'pv', '-o', 'wide']);
    assert.match(pvs, /^NAME\s+CAPACITY\s+ACCESS MODES\s+RECLAIM POLICY\s+STATUS\s+CLAIM\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+REASON\s+AGE\s+VOLUMEMODE$/m);
    assert.match(pvs, /^pv1\s+1Gi\s+RWO,ROX\s+Retain\s+Pending\s+manual\s+<unset>\s+\d+s\s+Filesystem$/m);
    const pvcs = await kubectl.ok(['get', 'pvc', '-o', 'wide']);
    assert.match(pvcs, /^NAME\s+STATUS\s+VOLUME\s+CAPACITY\s+ACCESS MODES\s+STORAGECLASS\s+VOLUMEATTRIBUTESCLASS\s+AGE\s+VOLUMEMODE$/m);
    assert.match(pvcs, /^claim1\s+Pending\s+manual\s+<unset>\s+\d+s\s+Filesystem$/m);
    assert.equal(await kubectl.ok(['get', 'pv', 'pv1', '-o', 'jsonpath={.spec.hostPath.type}|{.status.phase}']), '|Pending');

    const immutable = await kubectl.run(['patch', 'pvc', 'claim1', '-p', '{"spec":{"accessModes":["ReadWriteMany"]}}']);
    assert.match(immutable.stderr, /The PersistentVolumeClaim "claim1" is invalid: spec: Forbidden: spec is immutable after creation except resources\.requests and volumeAttributesClassName for bound claims/);
    await kubectl.ok(['patch', 'pvc', 'claim1', '-p', '{"spec":{"volumeName":"pv1"}}']);
    assert.match(await kubectl.ok(['get', 'pvc', 'claim1', '--no-headers']), /^claim1\s+Pending\s+pv1\s+0\s+manual\s/);
    const source = await kubectl.run(['patch', 'pv', 'pv1', '-p', '{"spec":{"hostPath":{"path":"/tmp/other"}}}']);
    assert.match(source.stderr, /spec\.persistentvolumesource: Forbidden: spec\.persistentvolumesource is immutable after creation/);

    const bad = await kubectl.run(['create', '-f', '-'], {
      stdin: `apiVersion: v1
kind: PersistentVolume
metadata: {name: bad}
spec:
  capacity: {storage: "0"}
  accessModes: [ReadWriteSometimes]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: bad}
spec: {resources: {}}
`,
    });
    assert.match(
      bad.stderr,
      /PersistentVolume "bad" is invalid: \[spec\.accessModes: Unsupported value: "ReadWriteSometimes": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod", spec\.capacity\[storage\]: Invalid value: "0": must be greater than zero, spec: Required value: must specify a volume type\]/,
    );
    assert.match(bad.stderr, /PersistentVolumeClaim "bad" is invalid: \[spec\.accessModes: Required value: at least 1 access mode is required, spec\.resources\[storage\]: Required value\]/);
  });

  test('kubectl get cs: the store from a real read, the components not run yet as Unhealthy, with the deprecation warning', async () => {
    const result = await kubectl.run(['get', 'cs']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, 'Warning: v1 ComponentStatus is deprecated in v1.19+\n');
    assert.match(result.stdout, /^NAME\s+STATUS\s+MESSAGE\s+ERROR$/m);
    assert.match(result.stdout, /^scheduler\s+Unhealthy\s+the scheduler is not running yet/m);
    assert.match(result.stdout, /^controller-manager\s+Unhealthy\s+the controller manager is not running yet/m);
    assert.match(result.stdout, /^etcd-0\s+Healthy\s+ok\s*$/m);
    const missing = await kubectl.run(['get', 'componentstatus', 'nope']);
    assert.match(missing.stderr, /componentstatuses "nope" not found/);
  });
});

describe('service allocations across a server restart (sqlite)', { skip: kubectlSkipReason() }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kts-services-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  async function withServer<T>(run: (kubectl: Kubectl) => Promise<T>): Promise<T> {
    const [port] = await freePorts(1);
    const server = new KtsProcess(['server', '--disable-agent', '--data-dir', dataDir, '--port', String(port)]);
    const kubectl = new Kubectl(join(dataDir, 'kubeconfig'));
    try {
      await server.waitForLog(/"msg":"kts server ready/);
      return await run(kubectl);
    } finally {
      kubectl.dispose();
      const result = await server.stop('SIGTERM');
      assert.equal(result.code, 0, result.stderr);
    }
  }

  test('what stored services hold stays allocated after a restart; deletes after it release', async () => {
    const dynamic = await withServer(async (kubectl) => {
      await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('kept', 'type: NodePort\nclusterIP: 10.43.200.1\nports: [{port: 80, nodePort: 31000}]') });
      await kubectl.ok(['create', 'service', 'clusterip', 'auto', '--tcp=80']);
      return kubectl.ok(['get', 'svc', 'auto', '-o', 'jsonpath={.spec.clusterIP}']);
    });
    await withServer(async (kubectl) => {
      const ip = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml('clash', 'clusterIP: 10.43.200.1\nports: [{port: 80}]') });
      assert.match(ip.stderr, /failed to allocate IP 10\.43\.200\.1: provided IP is already allocated/);
      const auto = await kubectl.run(['create', '-f', '-'], { stdin: serviceYaml('clash', `clusterIP: ${dynamic}\nports: [{port: 80}]`) });
      assert.match(auto.stderr, /provided IP is already allocated/);
      const port = await kubectl.run(['create', 'service', 'nodeport', 'clash', '--tcp=80', '--node-port=31000']);
      assert.match(port.stderr, /provided port is already allocated/);
      // The kubernetes service was not created twice and keeps its address.
      assert.match(await kubectl.ok(['get', 'svc', 'kubernetes', '--no-headers']), /^kubernetes\s+ClusterIP\s+10\.43\.0\.1\s/);
      await kubectl.ok(['delete', 'svc', 'kept']);
      await kubectl.ok(['create', '-f', '-'], { stdin: serviceYaml('reuse', 'type: NodePort\nclusterIP: 10.43.200.1\nports: [{port: 80, nodePort: 31000}]') });
    });
  });
});
