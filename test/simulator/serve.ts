/**
 * Runs the platform simulator on a fixed port for manual testing or the demo:
 *   npx ts-node test/simulator/serve.ts  (or compile it)  — PORT=4010 by default.
 */
import { makePosts, PlatformSimulator } from './platform-simulator';

async function main(): Promise<void> {
  const sim = new PlatformSimulator();
  const url = await sim.start(Number(process.env.SIM_PORT ?? 4010));
  sim.addFeed('demo', { format: 'rss', posts: makePosts('demo', 30, { repostEvery: 5 }) });
  sim.addFeed('demo-atom', { format: 'atom', posts: makePosts('atom', 30, { repostEvery: 5 }) });
  sim.addFeed('weibo-1001', { format: 'rsshub-weibo', posts: makePosts('wb', 30, { repostEvery: 4 }) });
  sim.addWechatApp('wxdemo', 'demo-secret', makePosts('wx', 45, { repostEvery: 6 }));
  sim.addWeiboUser('1001', 'demo-token', makePosts('wb', 30, { repostEvery: 4, numericIds: true }));
  process.stdout.write(`platform simulator on ${url}: /feeds/demo.rss /feeds/demo-atom.atom /weibo/user/1001(.json) wechat appid wxdemo / weibo uid 1001\n`);
}

void main();
