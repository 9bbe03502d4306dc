import { strict as assert } from 'assert';
import { crc32c, mask, unmask } from '../../../lib/framework/crc32c';

describe('framework/crc32c', () => {
  it('matches the CRC-32C test vectors', () => {
    assert.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
    assert.equal(crc32c(new Uint8Array(32)), 0x8a9136aa);
    assert.equal(crc32c(new Uint8Array(0)), 0);
  });

  it('extends a running checksum', () => {
    const whole = crc32c(Buffer.from('123456789'));
    assert.equal(crc32c(Buffer.from('56789'), crc32c(Buffer.from('1234'))), whole);
  });

  it('checksums views at an offset of a larger buffer', () => {
    const big = Buffer.from('xx123456789yy');
    assert.equal(crc32c(big.subarray(2, 11)), 0xe3069283);
  });

  it('masks and unmasks as TF does', () => {
    assert.equal(mask(0xe3069283), 0xc78ab0e5);
    const floats = new Uint8Array(new Float32Array([1, 2, 3]).buffer);
    assert.equal(crc32c(floats), 0x384de783);
    assert.equal(mask(0x384de783), 0x71895b73);
    for (const v of [0, 1, 0xffffffff, 0x80000000, 0x12345678, 0xa282ead8]) assert.equal(unmask(mask(v)), v);
  });
});
