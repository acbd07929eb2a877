import { IAMClient, ListServiceSpecificCredentialsCommand } from '@aws-sdk/client-iam';
import { start } from '../test/emulator/index';
(async () => {
  const e = await start();
  e.setFaults([{ operation: 'ListServiceSpecificCredentials', kind: 'HtmlError' }]);
  const iam = new IAMClient({ endpoint: e.endpoint, region: 'us-east-1', credentials: e.adminKey, maxAttempts: 2 });
  const t0 = Date.now();
  try { await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'emulator-admin' })); } catch (err: any) {
    console.log(Date.now() - t0, 'ms', err.name, '|', err.message, '|', Object.keys(err), err.$metadata, err.$response?.statusCode, typeof err.$responseBodyText, err.$fault);
  }
  console.log(e.log.map((l) => [l.operation, l.status]));
  await e.stop();
})();
