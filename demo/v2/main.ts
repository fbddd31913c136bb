/**
 * The 2.0-style demo 学籍系统: one page, client-side routes (no reload between 学生名单, 学生总览, 学籍异动,
 * 跨省转学, 学生详情), built with the real component libraries so its DOM is theirs.
 */
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import { createApp } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import VxeTable from 'vxe-table';
import 'vxe-table/lib/style.css';
import App from './App.vue';
import ChangeList from './views/ChangeList.vue';
import Overview from './views/Overview.vue';
import StudentDetail from './views/StudentDetail.vue';
import StudentList from './views/StudentList.vue';

const router = createRouter({
  history: createWebHistory('/v2/'),
  routes: [
    { path: '/', redirect: '/students' },
    { path: '/students', component: StudentList, meta: { title: '学生名单' } },
    { path: '/overview', component: Overview, meta: { title: '学生总览' } },
    { path: '/changes', component: ChangeList, props: { scope: 'local' }, meta: { title: '学籍异动' } },
    { path: '/cross', component: ChangeList, props: { scope: 'cross' }, meta: { title: '跨省转学' } },
    { path: '/student/:id', component: StudentDetail, props: true, meta: { title: '学生详情' } },
  ],
});
router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} - 全国中小学生学籍信息管理系统`;
});

createApp(App).use(router).use(ElementPlus).use(VxeTable).mount('#app');
