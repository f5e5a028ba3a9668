import { mount } from 'svelte';
import App from './App.svelte';
import demoUrl from '../data/demo-project.json?url';
import { AtlasDatabase } from './store/db';
import { AppState } from './state/app.svelte';
import { parseProjectSnapshot } from './io/project-snapshot';
import { registerFonts } from './ui/fonts';

async function loadDemoSnapshot() {
  const response = await fetch(demoUrl);
  if (!response.ok) throw new Error(`demo-project.json: HTTP ${response.status}`);
  return parseProjectSnapshot(await response.json(), 'demo-project.json');
}

const app = new AppState({
  db: new AtlasDatabase(),
  preferences: window.localStorage,
  loadDemoSnapshot,
  newId: () => crypto.randomUUID(),
});

await registerFonts().catch((error: unknown) => console.warn('Fonts could not be registered', error));
mount(App, { target: document.getElementById('app')!, props: { app } });
void app.init();
