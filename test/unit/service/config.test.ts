// Settings: defaults, validation naming the setting, the optional config file.

import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, parseDuration } from '../../../src/config';
import { tempDir } from '../../fixtures/service/harness';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      host: '127.0.0.1', port: 8080, rulesDir: './rules', dataDir: './data', apiToken: null, logLevel: 'info',
      snapshotIntervalMs: 5000, kafkaBrokers: null, redisUrl: null, groupId: 'cepheus', alertTopic: 'cepheus.alerts',
      dlqTopic: 'cepheus.dlq', delivery: 'at-least-once',
    });
  });

  it.each([
    ['CEPHEUS_PORT', 'eighty', /^CEPHEUS_PORT: must be an integer from 0 to 65535, got "eighty"$/],
    ['CEPHEUS_PORT', '70000', /^CEPHEUS_PORT:/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/],
    ['CEPHEUS_SNAPSHOT_INTERVAL', '5 seconds', /^CEPHEUS_SNAPSHOT_INTERVAL: must be a positive duration/],
    ['CEPHEUS_SNAPSHOT_INTERVAL', '0s', /^CEPHEUS_SNAPSHOT_INTERVAL:/],
    ['CEPHEUS_API_TOKEN', '', /^CEPHEUS_API_TOKEN: must not be empty \(unset it to turn authentication off\)$/],
    ['CEPHEUS_BODY_LIMIT', '10gb', /^CEPHEUS_BODY_LIMIT:/],
    ['CEPHEUS_DELIVERY', 'maybe', /^CEPHEUS_DELIVERY:/],
    ['CEPHEUS_HOST', ' ', /^CEPHEUS_HOST: must not be empty$/],
  ])('rejects %s=%j naming the setting', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('reads a config file named by CEPHEUS_CONFIG; the environment wins', () => {
    const file = path.join(tempDir('config'), 'cepheus.json');
    fs.writeFileSync(file, JSON.stringify({ CEPHEUS_PORT: 9000, CEPHEUS_HOST: '0.0.0.0', CEPHEUS_BODY_LIMIT: '2mb' }));
    expect(loadConfig({ CEPHEUS_CONFIG: file, CEPHEUS_PORT: '9001' })).toMatchObject({ port: 9001, host: '0.0.0.0', bodyLimitBytes: 2 * 1024 * 1024 });
  });

  it('rejects an unreadable or unknown-keyed config file', () => {
    const dir = tempDir('config');
    expect(() => loadConfig({ CEPHEUS_CONFIG: path.join(dir, 'missing.json') })).toThrow(/^CEPHEUS_CONFIG: cannot read/);
    const file = path.join(dir, 'typo.json');
    fs.writeFileSync(file, '{"CEPHEUS_PROT": 1}');
    expect(() => loadConfig({ CEPHEUS_CONFIG: file })).toThrow(/unknown setting CEPHEUS_PROT/);
    fs.writeFileSync(file, '{"CEPHEUS_PORT": true}');
    expect(() => loadConfig({ CEPHEUS_CONFIG: file })).toThrow(/^CEPHEUS_PORT: must be a string or a number/);
  });

  it('parses durations as the rule language writes them', () => {
    expect([parseDuration('500ms'), parseDuration('5s'), parseDuration('2m'), parseDuration('1h'), parseDuration('1d')]).toEqual([500, 5000, 120000, 3600000, 86400000]);
    expect(parseDuration('5')).toBeNull();
  });
});
