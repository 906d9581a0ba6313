import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { assertUrlAllowed, BlockedAddressError, guardedLookup, isForbiddenAddress, UnsupportedProtocolError } from './address-guard';

describe('address guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.100.100.200',
    '0.0.0.0',
    '::1',
    'fe80::1',
    'fd12::1',
    '::ffff:127.0.0.1',
    '224.0.0.1',
  ])('refuses %s', (address) => expect(isForbiddenAddress(address)).toBe(true));

  it.each(['::ffff:7f00:1', '::127.0.0.1', '::7f00:1', '64:ff9b::127.0.0.1', '64:ff9b::a00:1', '2002:7f00:1::', '2002:c0a8:101::1', 'fec0::1'])(
    'refuses %s (an IPv4 private address inside IPv6, or site-local)',
    (address) => expect(isForbiddenAddress(address)).toBe(true),
  );

  it.each(['64:ff9b::101:101', '2002:101:101::1', '2400:3200::1'])('allows %s (a public IPv4 address inside IPv6)', (address) => expect(isForbiddenAddress(address)).toBe(false));

  it.each(['1.1.1.1', '114.114.114.114', '172.32.0.1', '2400:3200::1'])('allows public %s', (address) => expect(isForbiddenAddress(address)).toBe(false));

  it('refuses other protocols and literal private hosts before any request', () => {
    expect(() => assertUrlAllowed('file:///etc/passwd', true)).toThrow(UnsupportedProtocolError);
    expect(() => assertUrlAllowed('gopher://a.cn/', true)).toThrow(UnsupportedProtocolError);
    expect(() => assertUrlAllowed('http://127.0.0.1:8080/', false)).toThrow(BlockedAddressError);
    expect(() => assertUrlAllowed('http://[::1]/', false)).toThrow(BlockedAddressError);
    expect(() => assertUrlAllowed('http://localhost/', false)).toThrow(BlockedAddressError);
    expect(assertUrlAllowed('http://127.0.0.1:8080/', true).port).toBe('8080');
    expect(assertUrlAllowed('https://www.gov.cn/', false).hostname).toBe('www.gov.cn');
  });

  it('stops a connection to a name that resolves to loopback, and no request reaches the server', async () => {
    let requests = 0;
    const server = http.createServer((_req, res) => {
      requests++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const get = (allowPrivate: boolean) =>
      new Promise<number>((resolve, reject) => {
        const agent = new http.Agent({ lookup: guardedLookup(allowPrivate) as never });
        http
          .get({ host: 'localhost', port, path: '/', agent, family: 4 }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    try {
      await expect(get(false)).rejects.toBeInstanceOf(BlockedAddressError);
      expect(requests).toBe(0);
      await expect(get(true)).resolves.toBe(200);
      expect(requests).toBe(1);
    } finally {
      server.close();
    }
  });
});
