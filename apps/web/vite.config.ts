import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` serves the app with hot reload and forwards /api to the server on PORT (3000 by default, as the server).
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': { target: `http://localhost:${process.env.PORT || 3000}`, changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The largest chunk is ECharts' core with pies, bars and lines (~570 kB), loaded only by the chart pages.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // ECharts (with zrender) only for the pages that chart; React and its companions change rarely, so cache apart.
        // Ant Design stays with the pages that use each component, so signing in loads only the frame's.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 2 },
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack|i18next|react-i18next)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
});
